"""The core of the data model: the database, audit trail, change notices, errors, validators, column types, the station
and the standard's own data.
"""
