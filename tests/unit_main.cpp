// unit_main.cpp: the doctest main() of every test executable. Test files include
// <doctest/doctest.h> and define TEST_CASEs; nothing else goes here.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
