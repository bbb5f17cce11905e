// zoneadm's command table and usage texts, worded as illumos zoneadm.c.
#include <cstdio>

#include <fmt/format.h>

#include "zoneadm.hpp"

namespace zones::zoneadm {
namespace {

struct Command {
    Cmd cmd;
    const char* name;
    const char* short_usage;   // nullptr: private, not in the usage text
    const char* long_help;
};

constexpr Command kCommands[] = {
    {Cmd::Help, "help", "help", "Print usage message."},
    {Cmd::Boot, "boot", "boot [-v] [-- boot_arguments] | boot -a [-j jobs]",
     "Activates (boots) specified zone.  See zoneadm(1m) for valid boot\n\targuments.  "
     "With -a (and no -z), boots every zone with autoboot=true\n\tthat is not running, in "
     "the order of its boot-priority and boot-after\n\tattrs, at most 'jobs' at a time "
     "(default two per CPU)."},
    {Cmd::Halt, "halt", "halt [-v]",
     "Halts specified zone, bypassing shutdown scripts and removing runtime\n\tresources of "
     "the zone."},
    {Cmd::Ready, "ready", "ready [-v]",
     "Prepares a zone for running applications but does not start any user\n\tprocesses in "
     "the zone."},
    {Cmd::Shutdown, "shutdown", "shutdown [-r [-- boot_arguments]] | shutdown -a [-j jobs] [-t seconds]",
     "Gracefully shutdown the zone or reboot if the '-r' option is specified.\n\tSee "
     "zoneadm(1m) for valid boot arguments.  With -a (and no -z), shuts\n\tdown every ready "
     "or running zone in the reverse boot order, 'jobs'\n\tat a time (default 16), within "
     "'seconds' in all (default 90): zones\n\tnot down by then are halted."},
    {Cmd::Reboot, "reboot", "reboot [-- boot_arguments]",
     "Restarts the zone (equivalent to a halt / boot sequence).\n\tFails if the zone is not "
     "active.  See zoneadm(1m) for valid boot\n\targuments."},
    {Cmd::List, "list", "list [-cipv] [-o json]",
     "Lists the current zones, or a specific zone if indicated.  By default,\n\tall running "
     "zones are listed, though this can be expanded to all\n\tinstalled zones with the -i "
     "option or all configured zones with the\n\t-c option.  When used with the general -z "
     "<zone> and/or -u <uuid-match>\n\toptions, lists only the specified matching zone, but "
     "lists it\n\tregardless of its state, and the -i and -c options are disallowed.  The\n"
     "\t-v option can be used to display verbose information: zone name, id,\n\tcurrent "
     "state, root directory and options.  The -p option can be used\n\tto request "
     "machine-parsable output.  The -v and -p options are mutually\n\texclusive.  If "
     "neither -v nor -p is used, just the zone name is listed.  -o json\n\tprints "
     "every zone as a JSON object (see zoneadm(8))."},
    {Cmd::Verify, "verify", "verify",
     "Check to make sure the configuration can safely be instantiated\n\ton the machine: "
     "physical network interfaces exist, etc."},
    {Cmd::Install, "install", "install [brand-specific args]",
     "Install the configuration on to the system.  All arguments are passed to the brand "
     "installation function;\n\tsee brands(5) for more information."},
    {Cmd::Uninstall, "uninstall", "uninstall [-F] [brand-specific args]",
     "Uninstall the configuration from the system.  The -F flag can be used\n\tto force the "
     "action.  All other arguments are passed to the brand\n\tuninstall function; see "
     "brands(5) for more information."},
    {Cmd::Mount, "mount", nullptr, ""},
    {Cmd::Unmount, "unmount", nullptr, ""},
    {Cmd::Clone, "clone", "clone [-m method] [-s <ZFS snapshot>] [brand-specific args] zonename",
     "Clone the installation of another zone.  The -m option can be used to\n\tspecify "
     "'copy' which forces a copy of the source zone.  The -s option\n\tcan be used to "
     "specify the name of a ZFS snapshot that was taken from\n\ta previous clone command.  "
     "The snapshot will be used as the source\n\tinstead of creating a new ZFS snapshot.  "
     "All other arguments are passed\n\tto the brand clone function; see brands(5) for more "
     "information."},
    {Cmd::Move, "move", "move zonepath", "Move the zone to a new zonepath."},
    {Cmd::Detach, "detach", "detach [-n] [brand-specific args]",
     "Detach the zone from the system. The zone state is changed to\n\t'configured' (but the "
     "files under the zonepath are untouched).\n\tThe zone can subsequently be attached, or "
     "can be moved to another\n\tsystem and attached there.  The -n option can be used to "
     "specify\n\t'no-execute' mode.  When -n is used, the information needed to attach\n\t"
     "the zone is sent to standard output but the zone is not actually\n\tdetached.  All "
     "other arguments are passed to the brand detach function;\n\tsee brands(5) for more "
     "information."},
    {Cmd::Attach, "attach", "attach [-F] [-n <path>] [brand-specific args]",
     "Attach the zone to the system.  The zone state must be 'configured'\n\tprior to "
     "attach; upon successful completion, the zone state will be\n\t'installed'.  The system "
     "software on the current system must be\n\tcompatible with the software on the zone's "
     "original system.\n\tSpecify -F to force the attach and skip software compatibility "
     "tests.\n\tThe -n option can be used to specify 'no-execute' mode.  When -n is\n\tused, "
     "the information needed to attach the zone is read from the\n\tspecified path and the "
     "configuration is only validated.  The path can\n\tbe '-' to specify standard input.  "
     "The -F and -n options are mutually\n\texclusive.  All other arguments are passed to "
     "the brand attach\n\tfunction; see brands(5) for more information."},
    {Cmd::Mark, "mark", "mark incomplete|unavailable",
     "Set the state of the zone.  This can be used to force the zone\n\tstate to "
     "'incomplete' administratively if some activity has rendered\n\tthe zone permanently "
     "unusable, or to 'unavailable' (as in Oracle Solaris 11)\n\tto keep an installed zone "
     "from booting until it is attached again."},
    {Cmd::Apply, "apply", "apply",
     "Apply the zone's current configuration to the ready or running zone\n\t(resource "
     "controls), without a reboot."},
    {Cmd::Log, "log", "log [-n lines]",
     "Show the zone's administrative history: who booted, halted, logged in\n\tto or "
     "configured it, when, and with what result (the last 10\n\tentries, or the last "
     "lines with -n)."},
    {Cmd::Sysboot, "sysboot", nullptr, ""},
};

const Command& entry(Cmd cmd) {
    for (const Command& c : kCommands)
        if (c.cmd == cmd)
            return c;
    return kCommands[0];
}

}  // namespace

std::optional<Cmd> match_command(std::string_view word) {
    for (const Command& c : kCommands)
        if (word == c.name)
            return c.cmd;
    return std::nullopt;
}

std::string_view command_name(Cmd cmd) { return entry(cmd).name; }

void usage(const Context& ctx, bool explicit_request) {
    std::FILE* out = explicit_request ? stdout : stderr;
    const char* me = ctx.execname.c_str();
    std::fprintf(out, "usage:\t%s help\n", me);
    std::fprintf(out, "\t%s [-z <zone>] [-u <uuid-match>] list\n", me);
    std::fprintf(out, "\t%s {-z <zone>|-u <uuid-match>} <subcommand>\n", me);
    std::fprintf(out, "\nSubcommands:\n\n");
    for (const Command& c : kCommands) {
        if (c.short_usage == nullptr)
            continue;
        std::fprintf(out, "%s\n", c.short_usage);
        if (explicit_request)
            std::fprintf(out, "\t%s\n\n", c.long_help);
    }
    if (!explicit_request)
        std::fputs("\n", out);
}

void sub_usage(Cmd cmd) {
    const Command& c = entry(cmd);
    std::fprintf(stderr, "usage:\t%s\n", c.short_usage != nullptr ? c.short_usage : c.name);
    std::fprintf(stderr, "\t%s\n", c.long_help);
}

void bad_option(const Context& ctx, char option, bool missing_argument) {
    std::fprintf(stderr, "%s: %s -- %c\n", ctx.execname.c_str(),
                 missing_argument ? "option requires an argument" : "illegal option", option);
}

int help_command(Context& ctx, int argc, char* argv[]) {
    if (argc <= 1) {
        usage(ctx, true);
        return kOk;
    }
    if (argv[1][0] == '-') {
        // help takes no options but -? (its own usage)
        if (std::string_view(argv[1]) == "-?") {
            sub_usage(Cmd::Help);
            return kOk;
        }
        bad_option(ctx, argv[1][1], false);
        sub_usage(Cmd::Help);
        return kUsage;
    }
    for (int i = 1; i < argc; ++i) {
        auto cmd = match_command(argv[i]);
        if (!cmd || entry(*cmd).short_usage == nullptr) {
            sub_usage(Cmd::Help);
            return kUsage;
        }
        sub_usage(*cmd);
    }
    return kOk;
}

}  // namespace zones::zoneadm
