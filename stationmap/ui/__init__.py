"""The Streamlit layer: the only part of ``stationmap`` that imports streamlit.

Pages call these helpers; the helpers call the pure core and render its results.
"""
