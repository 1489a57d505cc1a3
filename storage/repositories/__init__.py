"""Repositories: one small module per aggregate, plain functions over a Session or Database."""
