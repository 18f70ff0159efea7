"""ckanext-tmopendata: CKAN plugins for the City of Timisoara's open data
programme (dataset census, high-value dataset schemas and validation,
publication and maintenance procedures)."""

__version__ = "0.1.0"
