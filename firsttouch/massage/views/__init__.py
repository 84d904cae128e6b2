"""The massage pages, one module per part of the journey.

``guided``: the routine library, a routine's page, the safety check and the guided player.
``log``: the quick log after the player, logging afterwards, the session list, edit and
delete, and the family's massager device.
"""
