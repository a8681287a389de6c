"""Thin Qt item models over the plain records of claimdesk.services.screen_records."""
