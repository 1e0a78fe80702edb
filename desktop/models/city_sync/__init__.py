"""What the station keeps for the city platform sync (§4.4, §4.5): the outbox, settings, cursor, decisions and the sync
log.
"""
