// zpkill [-SIGNAL] [-z zonelist] [pkill options] [pattern]: illumos pkill -z
// on procps pkill (see pgrep_args.hpp).
#include "pgrep_args.hpp"

int main(int argc, char* argv[]) { return zones::zproc::pgrep_main(argc, argv, true); }
