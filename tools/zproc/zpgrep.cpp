// zpgrep [-z zonelist] [pgrep options] [pattern]: illumos pgrep -z on
// procps pgrep (see pgrep_args.hpp).
#include "pgrep_args.hpp"

int main(int argc, char* argv[]) { return zones::zproc::pgrep_main(argc, argv, false); }
