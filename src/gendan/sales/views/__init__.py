"""Thin views of the sales desk: parse, call a service or query, render."""
