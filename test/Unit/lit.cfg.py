# -*- Python -*- lit configuration running Kiln's GoogleTest executables.

import lit.formats

config.name = "KILN-Unit"
config.suffixes = []
config.test_exec_root = config.kiln_unit_dir
config.test_source_root = config.kiln_unit_dir
config.test_format = lit.formats.GoogleTest(".", "Tests")
