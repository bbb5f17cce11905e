// What zoneadm's subcommands share: the global options, the service, the
// illumos error and usage output. Exit codes are illumos': 0, 1 (Z_ERR),
// 2 (Z_USAGE).
#pragma once

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

enum class Cmd {
    Help, Boot, Halt, Ready, Shutdown, Reboot, List, Verify, Install, Uninstall,
    Mount, Unmount, Clone, Move, Detach, Attach, Mark, Apply, Sysboot,
};

class Context {
public:
    std::string execname = "zoneadm";
    std::optional<std::string> target_zone;     // -z (or found by -u)

    // ListZones, fetched once per run. Throws ZoneError.
    const std::vector<client::ZoneSummary>& zones();

    // zerror(): "zoneadm: [zone 'NAME': ]MESSAGE" on stderr.
    void error(std::string_view message) const;

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

}  // namespace zones::zoneadm
