"""Thin Qt item models over the plain records of claimdesk.ui.data."""
