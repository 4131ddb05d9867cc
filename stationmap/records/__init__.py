"""The records and how they load: models, the schema, reading CSV files defensively, the dataset and its cache."""
