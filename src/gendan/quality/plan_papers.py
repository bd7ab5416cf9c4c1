"""Papers of the inspection plan per order (D4-5 meeting minutes …), declared here."""
