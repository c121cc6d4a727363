"""Environment and sanitation (爱国卫生): greening contracts, cleaning zones, vector control."""
