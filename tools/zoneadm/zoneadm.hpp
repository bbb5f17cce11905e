// What zoneadm's subcommands share: the global options, the service, the
// illumos error and usage output. Exit codes are illumos': 0, 1 (Z_ERR),
// 2 (Z_USAGE).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "client/bus.hpp"
#include "client/zones_api.hpp"

namespace zones::zoneadm {

inline constexpr int kOk = 0;
inline constexpr int kErr = 1;
inline constexpr int kUsage = 2;

// boot -a / shutdown -a (ordered_run.hpp). Boots at once by default: two
// per online CPU (measured, units/README.md: past that boots only queue
// for the CPUs and the whole run gets slower).
unsigned default_boot_jobs();
inline constexpr unsigned kDefaultStopJobs = 16;
inline constexpr unsigned kDefaultStopSeconds = 90;
inline constexpr unsigned kMaxJobs = 64;

enum class Cmd {
    Help, Boot, Halt, Ready, Shutdown, Reboot, List, Verify, Install, Uninstall,
    Mount, Unmount, Clone, Move, Detach, Attach, Mark, Apply, Sysboot, Log,
};

class Context {
public:
    std::string execname = "zoneadm";
    std::optional<std::string> target_zone;     // -z (or found by -u)
    std::optional<std::string> in_zone;         // the zone we run in; nullopt: global
    std::uint64_t started_usec = 0;             // CLOCK_MONOTONIC at main (-v)

    // ListZones, fetched once per run. Throws ZoneError.
    const std::vector<client::ZoneSummary>& zones();

    // The bus, connected on first use. Throws ZoneError.
    const client::Bus& bus();

    // zerror(): "zoneadm: [zone 'NAME': ]MESSAGE" on stderr.
    void error(std::string_view message) const;

    // A failure the service reported, printed as illumos prints it: the
    // first line and every "zone '...'" line after "zoneadm: ", other lines
    // (continuations, WARNING texts) as they are; a VerifyFailed error
    // ends with "zoneadm: zone NAME failed to verify". Returns kErr.
    int service_error(const ZoneError& e) const;

private:
    std::optional<client::Bus> bus_;
    std::optional<std::vector<client::ZoneSummary>> zones_;
};

// The command table and usage texts (commands.cpp).
std::optional<Cmd> match_command(std::string_view word);
std::string_view command_name(Cmd cmd);
void usage(const Context& ctx, bool explicit_request);       // whole usage
void sub_usage(Cmd cmd);                                     // one command

// "zoneadm: illegal option -- x" as illumos getopt prints it.
void bad_option(const Context& ctx, char option, bool missing_argument);

// Subcommands: argv[0] is the subcommand word. Return the exit code.
int help_command(Context& ctx, int argc, char* argv[]);
int list_command(Context& ctx, int argc, char* argv[]);
int install_command(Context& ctx, int argc, char* argv[]);
int uninstall_command(Context& ctx, int argc, char* argv[]);
int verify_command(Context& ctx, int argc, char* argv[]);
int mark_command(Context& ctx, int argc, char* argv[]);
int ready_command(Context& ctx, int argc, char* argv[]);
int boot_command(Context& ctx, int argc, char* argv[]);
int halt_command(Context& ctx, int argc, char* argv[]);
int shutdown_command(Context& ctx, int argc, char* argv[]);
int reboot_command(Context& ctx, int argc, char* argv[]);
int apply_command(Context& ctx, int argc, char* argv[]);
int log_command(Context& ctx, int argc, char* argv[]);
int clone_command(Context& ctx, int argc, char* argv[]);
int move_command(Context& ctx, int argc, char* argv[]);
int detach_command(Context& ctx, int argc, char* argv[]);
int attach_command(Context& ctx, int argc, char* argv[]);

// What the verbs share (zone_verb.cpp).
// The -z zone for a verb that acts on one zone: nullopt and an exit code
// printed for when there is none or it is the global zone.
struct VerbTarget {
    std::string name;
    std::string state;      // as ListZones says
};
std::optional<VerbTarget> verb_target(Context& ctx, Cmd cmd, int& exit_code);
// getopt over a verb's options: "-?" prints the usage (exit 0), an
// unknown option the illumos error and usage (exit 2). On success returns
// nullopt and leaves optind at the first operand.
// `on_option(letter, optarg)` takes each option.
std::optional<int> parse_options(Context& ctx, Cmd cmd, int argc, char* argv[],
                                 const char* optstring,
                                 const std::function<void(int, const char*)>& on_option);
// The rest of argv from optind joined by spaces (boot arguments).
std::string join_args(int argc, char* argv[], int from);
// Lines the service returned for the user: "WARNING: ..." to stderr, the
// others ("Copying /zones/a...") to stdout, as illumos prints them.
void print_messages(const std::vector<std::string>& lines);
// A notice of the service ("zone is already booted") as zoneadmd's
// messages are printed; nothing for "".
void print_notice(const Context& ctx, const std::string& notice);
// ready/boot/halt -v: the notice, then where the time went (stdout).
void print_timed(const Context& ctx, std::string_view verb, const std::string& zone,
                 const client::TimedReply& reply);

}  // namespace zones::zoneadm
