"""Reading inputs: finding files, bounded reads, decoding into Documents."""
