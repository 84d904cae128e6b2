"""The mother's wellbeing pages, one module per kind of questionnaire.

``screening``: the overview, the EPDS form, her result and her history (the EPDS has pages of
its own because its authors say how to read it). ``instruments``: any other questionnaire,
shown neutrally, with no interpretation of our own.
"""
