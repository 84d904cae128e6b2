"""Randomised studies run inside firsttouch (issue 11): the study engine's domain.

What is here: studies with their arms and stratification factors, concealed randomisation
(``randomisation``: stratified permuted blocks of random sizes from a seed held only by the
server; ``services.enrol``: the one place an allocation is made, when enrolment is committed),
and the analyses of the two designs the app reproduces (``analysis``: the two-group pre/post
comparison with a t-test on change scores and ANCOVA, the repeated-measures linear mixed
model, and the CONSORT flow), as pure functions over plain records with statsmodels; and the
schedule of assessments (``schedule``: time points with windows, and where each participant
stands at each).

A study belongs to the organisation that runs it (``programs.Organisation``). What comes
next: the enrolment pages for staff, the schedule's storage and reminders (turning a
participant's questionnaires into the records the analyses take), and the exports (the data
set and the analysis report). No page or API route exists yet.
"""
