"""Entry point of a helper indexing process (started by ``bulk.write_index``)."""

import sys

from community.search.bulk import helper_main

if __name__ == "__main__":
    helper_main(sys.argv[1])
