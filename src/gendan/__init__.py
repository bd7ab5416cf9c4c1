"""Gendan (跟单): order follow-up and shop-floor traceability."""

__version__ = "0.1.0"
