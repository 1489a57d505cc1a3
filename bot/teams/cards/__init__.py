"""Adaptive Cards (schema 1.5) for every reply the Teams adapter sends."""
