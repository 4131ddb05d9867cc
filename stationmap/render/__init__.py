"""Rendering: escaping, languages, styles, panels, the folium map, the station feed and the served assets."""
