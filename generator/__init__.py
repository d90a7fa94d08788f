"""paper-catalog: raw paper lists in, a searchable static catalog site out."""
