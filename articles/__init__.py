"""The articles bundled with xiaomi-reader (installed as xiaomi_reader.bundled_articles)."""
