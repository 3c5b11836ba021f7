"""The staff area: the deflection and community-health dashboard."""
