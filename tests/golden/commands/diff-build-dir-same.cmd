diff tests/golden/build/basic/expected tests/golden/build/basic/main.ds
