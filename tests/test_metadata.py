"""The metadata file: strict parsing with every problem reported, and the metadata stage."""

from generator.metadata import MetadataFile, parse_metadata


def test_no_file_is_no_metadata():
    assert parse_metadata("metadata.jsonl", None) == (MetadataFile(), [])
