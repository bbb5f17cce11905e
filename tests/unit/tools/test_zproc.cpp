// zps/zpgrep/zpkill logic: the zone of a cgroup, ps's arguments and
// output, pgrep's arguments.
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "pgrep_args.hpp"
#include "ps_table.hpp"
#include "zone_procs.hpp"

using namespace zones::zproc;
using Args = std::vector<std::string>;

TEST(ZoneOfPath, OnlyThePayloadIsTheZone) {
    EXPECT_EQ(zone_of_path("/zones.slice/zone-web.scope/payload"), "web");
    EXPECT_EQ(zone_of_path("/zones.slice/zone-web.scope/payload/init.scope"), "web");
    EXPECT_EQ(zone_of_path("/zones.slice/zone-a-b.c.scope/payload"), "a-b.c");
    // zoneadmd is a global zone process, as on illumos.
    EXPECT_EQ(zone_of_path("/zones.slice/zone-web.scope/supervisor"), std::nullopt);
    EXPECT_EQ(zone_of_path("/zones.slice/zone-web.scope"), std::nullopt);
    EXPECT_EQ(zone_of_path("/zones.slice/zone-web.scope/payloadx"), std::nullopt);
    EXPECT_EQ(zone_of_path("/system.slice/ssh.service"), std::nullopt);
    EXPECT_EQ(zone_of_path("/user.slice/zone-web.scope/payload"), std::nullopt);
    EXPECT_EQ(zone_of_path("/"), std::nullopt);
    EXPECT_EQ(zone_of_path("/zones.slice/zone-a.scope.b.scope/payload"), "a.scope.b");
    EXPECT_EQ(zone_of_path("/zones.slice/zone-a.scope.b.scope/supervisor"), std::nullopt);
}

// A user's delegated subtree may hold cgroups of any name: a look-alike of
// a zone's payload there is not the zone's.
TEST(ZoneOfPath, NestedLookAlikeIsNotTheZone) {
    EXPECT_EQ(zone_of_path("/user.slice/user-1000.slice/user@1000.service/zones.slice/"
                           "zone-web.scope/payload"),
              std::nullopt);
    EXPECT_EQ(zone_of_path("/zones.slice/zone-db.scope/payload/x/zones.slice/zone-web.scope/payload"),
              "db");
    std::istringstream spoof("0::/user.slice/user-1000.slice/user@1000.service/app.slice/"
                             "zones.slice/zone-web.scope/payload/init.scope\n");
    EXPECT_EQ(zone_of_cgroup_text(spoof), "global");
}

TEST(ZoneOfPath, ProcCgroupText) {
    std::istringstream hybrid("12:pids:/zones.slice/zone-db.scope/payload\n1:name=systemd:/zones.slice/zone-db.scope/payload\n0::/zones.slice/zone-db.scope/payload\n");
    EXPECT_EQ(zone_of_cgroup_text(hybrid), "db");
    std::istringstream v2("0::/zones.slice/zone-db.scope/supervisor\n");
    EXPECT_EQ(zone_of_cgroup_text(v2), "global");
    std::istringstream host("0::/init.scope\n");
    EXPECT_EQ(zone_of_cgroup_text(host), "global");
}

TEST(ZoneOfPath, SplitList) {
    EXPECT_EQ(split_list("a,b c,,d"), (Args{"a", "b", "c", "d"}));
    EXPECT_TRUE(split_list(", ").empty());
}

TEST(ZoneNames, OnlyWhatAZoneMayBeCalled) {
    EXPECT_TRUE(zone_is_up("global"));
    EXPECT_FALSE(zone_is_up("../../init.scope"));
    EXPECT_FALSE(zone_is_up("a/b"));
    EXPECT_FALSE(zone_is_up(""));
    EXPECT_EQ(check_zone_names({"global", "no-such-zone-here"}), "invalid zone name -- no-such-zone-here");
    EXPECT_EQ(check_zone_names({"global"}), "");
}

TEST(PsArgs, ZoneOptionIsTakenOut) {
    auto p = parse_ps_args({"-ef", "-z", "a,b"});
    ASSERT_TRUE(p.call);
    EXPECT_EQ(p.call->zones, (Args{"a", "b"}));
    EXPECT_EQ(p.call->argv, (Args{"-ef"}));
    EXPECT_FALSE(p.call->hidden_pid);
    p = parse_ps_args({"-efza"});
    EXPECT_EQ(p.call->zones, (Args{"a"}));
    EXPECT_EQ(p.call->argv, (Args{"-ef"}));
}

TEST(PsArgs, ZoneAloneSelectsEveryProcess) {
    auto p = parse_ps_args({"-z", "a", "-f"});
    EXPECT_EQ(p.call->argv, (Args{"-e", "-f"}));
    p = parse_ps_args({"-z", "a", "-u", "root"});   // the user's selection stays
    EXPECT_EQ(p.call->argv, (Args{"-u", "root"}));
    p = parse_ps_args({"-z", "a", "aux"});
    EXPECT_EQ(p.call->argv, (Args{"aux"}));
    p = parse_ps_args({"-f"});
    EXPECT_EQ(p.call->argv, (Args{"-f"}));   // no -z: ps's own default selection
}

TEST(PsArgs, FormatGetsAHiddenPid) {
    auto p = parse_ps_args({"-eo", "user,comm"});
    EXPECT_TRUE(p.call->hidden_pid);
    EXPECT_EQ(p.call->argv, (Args{"-o", "pid", "-eo", "user,comm"}));
    p = parse_ps_args({"axo", "comm"});
    EXPECT_EQ(p.call->argv, (Args{"-o", "pid", "axo", "comm"}));
    p = parse_ps_args({"--format=comm", "-e"});
    EXPECT_TRUE(p.call->hidden_pid);
    // An option's argument is not read as options: -u zoe is no -z.
    p = parse_ps_args({"-u", "zoe", "-o", "zone"});
    EXPECT_TRUE(p.call->zones.empty());
    EXPECT_EQ(p.call->argv, (Args{"-o", "pid", "-u", "zoe", "-o", "zone"}));
}

TEST(PsArgs, NoHeaderIsZpsBusiness) {
    auto p = parse_ps_args({"aux", "--no-headers"});
    EXPECT_TRUE(p.call->no_header);
    EXPECT_EQ(p.call->argv, (Args{"aux"}));
    p = parse_ps_args({"auxh"});
    EXPECT_TRUE(p.call->no_header);
    EXPECT_EQ(p.call->argv, (Args{"aux"}));
    p = parse_ps_args({"-eo", "comm", "--no-headers"});
    EXPECT_EQ(p.call->argv, (Args{"-o", "pid", "-eo", "comm", "--no-headers"}));
}

TEST(PsArgs, MissingZoneList) {
    EXPECT_FALSE(parse_ps_args({"-z"}).call);
    EXPECT_FALSE(parse_ps_args({"-z", ","}).call);
}

namespace {
std::optional<std::string> zones_of(long pid) {
    static const std::map<long, std::string> m = {{1, "global"}, {10, "web"}, {11, "db"}, {12, "a-long-zone-name"}};
    auto it = m.find(pid);
    if (it == m.end()) return std::nullopt;
    return it->second;
}
}  // namespace

TEST(ZoneTable, ColumnInFrontOfPsRows) {
    PsCall c;
    const std::string ps = "UID          PID    PPID  C STIME TTY          TIME CMD\n"
                           "root           1       0  0 10:00 ?        00:00:01 /sbin/init\n"
                           "root          10       1  0 10:00 ?        00:00:00 sleep 1001\n";
    EXPECT_EQ(zone_table(ps, c, zones_of),
              "    ZONE UID          PID    PPID  C STIME TTY          TIME CMD\n"
              "  global root           1       0  0 10:00 ?        00:00:01 /sbin/init\n"
              "     web root          10       1  0 10:00 ?        00:00:00 sleep 1001\n");
    c.zones = {"web"};
    EXPECT_EQ(zone_table(ps, c, zones_of),
              "    ZONE UID          PID    PPID  C STIME TTY          TIME CMD\n"
              "     web root          10       1  0 10:00 ?        00:00:00 sleep 1001\n");
    c.zones = {"db"};
    c.no_header = true;
    EXPECT_EQ(zone_table(ps, c, zones_of), "");
}

TEST(ZoneTable, WideZoneNamesWidenTheColumn) {
    PsCall c;
    EXPECT_EQ(zone_table("  PID CMD\n   12 x\n    1 y\n", c, zones_of),
              "            ZONE   PID CMD\n"
              "a-long-zone-name    12 x\n"
              "          global     1 y\n");
}

TEST(ZoneTable, HiddenPidIsDropped) {
    PsCall c;
    c.hidden_pid = true;
    EXPECT_EQ(zone_table("  PID USER     COMMAND\n   10 root     sleep\n   11 root     sleep\n", c, zones_of),
              "    ZONE USER     COMMAND\n     web root     sleep\n      db root     sleep\n");
    // -o comm=: no header of the user's, none printed.
    EXPECT_EQ(zone_table("  PID \n   10 sleep\n", c, zones_of), "     web sleep\n");
    c.no_header = true;
    EXPECT_EQ(zone_table("   10 sleep\n", c, zones_of), "     web sleep\n");
}

TEST(ZoneTable, GoneProcesses) {
    PsCall c;
    const std::string ps = "  PID CMD\n   99 gone\n";
    EXPECT_EQ(zone_table(ps, c, zones_of), "    ZONE   PID CMD\n       -    99 gone\n");
    c.zones = {"web"};
    EXPECT_EQ(zone_table(ps, c, zones_of), "    ZONE   PID CMD\n");
}

TEST(ZoneTable, NoPidColumn) {
    PsCall c;
    EXPECT_THROW(zone_table("USER COMMAND\nroot x\n", c, zones_of), std::runtime_error);
}

TEST(PgrepArgs, ZoneTakenOutRestKept) {
    auto a = split_pgrep_args({"-z", "a,b", "-l", "sleep"}, false);
    EXPECT_EQ(a.zones, (Args{"a", "b"}));
    EXPECT_EQ(a.rest, (Args{"-l", "sleep"}));
    a = split_pgrep_args({"-lzweb", "-f", "sleep 1001"}, false);
    EXPECT_EQ(a.zones, (Args{"web"}));
    EXPECT_EQ(a.rest, (Args{"-l", "-f", "sleep 1001"}));
    a = split_pgrep_args({"-u", "zoe", "-d", "z", "x"}, false);   // arguments are not options
    EXPECT_TRUE(a.zones.empty());
    EXPECT_EQ(a.rest, (Args{"-u", "zoe", "-d", "z", "x"}));
    a = split_pgrep_args({"--", "-z"}, false);
    EXPECT_TRUE(a.zones.empty());
    EXPECT_TRUE(split_pgrep_args({"-z"}, false).error.size());
    EXPECT_TRUE(split_pgrep_args({"-z", "a", "--cgroup", "/x"}, false).error.size());
}

TEST(PgrepArgs, PkillSignalStaysFirst) {
    auto a = split_pgrep_args({"-KILL", "-z", "a", "sleep"}, true);
    EXPECT_EQ(a.zones, (Args{"a"}));
    EXPECT_EQ(procps_argv(a, true, {"/zones.slice/zone-a.scope/payload"}),
              (Args{"-KILL", "--cgroup", "/zones.slice/zone-a.scope/payload", "sleep"}));
    a = split_pgrep_args({"-z", "a", "-9", "sleep"}, true);   // the signal goes first for procps
    EXPECT_EQ(procps_argv(a, true, {"/x", "/y"}), (Args{"-9", "--cgroup", "/x,/y", "sleep"}));
    a = split_pgrep_args({"sleep"}, false);
    EXPECT_EQ(procps_argv(a, false, {}), (Args{"sleep"}));
}
