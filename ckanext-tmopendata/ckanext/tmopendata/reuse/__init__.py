"""Reuse of the portal's data (plugin ``tmopendata_reuse``): showcases of
what is built on the datasets, partnerships, and usage figures."""
