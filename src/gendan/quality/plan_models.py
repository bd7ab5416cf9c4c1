"""Models of the inspection plan per garment order (D4-2, D4-5, D4-9, D4-14).

Imported by ``quality/models.py`` so that Django finds them."""
