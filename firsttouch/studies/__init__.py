"""Randomised studies run inside firsttouch (issue 11): the study engine's domain.

What is here: studies with their arms and stratification factors, concealed randomisation
(``randomisation``: stratified permuted blocks of random sizes from a seed held only by the
server; ``services.enrol``: the one place an allocation is made, when enrolment is committed),
and the analyses of the two designs the app reproduces (``analysis``: the two-group pre/post
comparison with a t-test on change scores and ANCOVA, the repeated-measures linear mixed
model, and the CONSORT flow), as pure functions over plain records with statsmodels; and the
schedule of assessments (``schedule``: time points with windows, and where each participant
stands at each).

A study belongs to the organisation that runs it (``programs.Organisation``). Enrolment and
follow-up (decision 0010): the protocol's life (draft, recruiting, closed, locked once
recruiting), invitations that the caregiver accepts herself (``services.enrol_caregiver``),
withdrawal, deviations, assessments linked from completed questionnaires and completeness
(``followup``), reminders (``tasks``), staff pages under /staff/<org>/studies/ and her page
at /studies/ (with the questionnaires due now). Instruments (``instruments``, decision 0013):
a schedule names bundled or imported questionnaires, or the built-in ``baby_logs``, her
family's logs summarised by the worker. What comes next: the exports (the data set and the
analysis report) and the analysis pages. No API route exists yet.
"""
