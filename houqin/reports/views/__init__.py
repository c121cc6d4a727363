"""Pages of the reports module: the annual figures, the annual work summary and its wording, the
summary's documents, the leadership dashboards and the metric catalogue."""
