"""Ingest stage: read articles and extract attributions, speakers, roles, entities and events as records."""
