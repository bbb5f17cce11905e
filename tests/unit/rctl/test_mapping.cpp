// Configuration -> resource controls -> unit properties and IPC sysctls.
#include <gtest/gtest.h>

#include "mapping.hpp"
#include "zones/resource_controls.hpp"

using namespace zones;
using namespace zones::rctl;

namespace {

void add_rctl(ZoneConfig& c, const std::string& name, const std::string& limit, const std::string& action = "deny") {
    Rctl* r = c.find_rctl(name);
    if (r == nullptr) {
        c.rctls.push_back({name, {}});
        r = &c.rctls.back();
    }
    r->values.push_back({"privileged", limit, action});
}

ZoneConfig base() {
    ZoneConfig c;
    c.name = "web";
    c.zonepath = "/zones/web";
    return c;
}

}  // namespace

TEST(ResourceControls, NothingConfiguredResetsEverything) {
    const UnitProperties p = unit_properties(resource_controls(base()), {});
    EXPECT_EQ(p, UnitProperties{});
    EXPECT_EQ(p.memory_max, kInfinity);
    EXPECT_EQ(p.tasks_max, kInfinity);
    EXPECT_EQ(p.cpu_weight, kInfinity);
    EXPECT_TRUE(p.allowed_cpus.empty());
}

TEST(ResourceControls, CappedMemoryAndSwap) {
    ZoneConfig c = base();
    c.mcap_physical = 256ULL << 20;
    add_rctl(c, "zone.max-swap", std::to_string(384ULL << 20));
    const UnitProperties p = unit_properties(resource_controls(c), {});
    EXPECT_EQ(p.memory_max, 256ULL << 20);
    EXPECT_EQ(p.memory_swap_max, 128ULL << 20);   // Solaris swap = RAM + swap
}

TEST(ResourceControls, SwapBelowPhysicalMeansNoSwap) {
    ZoneConfig c = base();
    c.mcap_physical = 256ULL << 20;
    add_rctl(c, "zone.max-swap", std::to_string(100ULL << 20));
    EXPECT_EQ(unit_properties(resource_controls(c), {}).memory_swap_max, 0U);
}

TEST(ResourceControls, SwapAloneCapsSwap) {
    ZoneConfig c = base();
    add_rctl(c, "zone.max-swap", std::to_string(64ULL << 20));
    const UnitProperties p = unit_properties(resource_controls(c), {});
    EXPECT_EQ(p.memory_max, kInfinity);
    EXPECT_EQ(p.memory_swap_max, 64ULL << 20);
}

TEST(ResourceControls, CpuCapIsQuotaPerSecond) {
    ZoneConfig c = base();
    add_rctl(c, "zone.cpu-cap", "150");   // capped-cpu ncpus=1.5
    EXPECT_EQ(unit_properties(resource_controls(c), {}).cpu_quota_per_sec_usec, 1500000U);
}

TEST(ResourceControls, CpuSharesBecomeWeight) {
    ZoneConfig c = base();
    add_rctl(c, "zone.cpu-shares", "5", "none");   // action none: shares still apply
    EXPECT_EQ(unit_properties(resource_controls(c), {}).cpu_weight, 500U);
    c.rctls.clear();
    add_rctl(c, "zone.cpu-shares", "1", "none");
    EXPECT_EQ(unit_properties(resource_controls(c), {}).cpu_weight, 100U);   // systemd's default
    c.rctls.clear();
    add_rctl(c, "zone.cpu-shares", "1000", "none");
    EXPECT_EQ(unit_properties(resource_controls(c), {}).cpu_weight, 10000U);   // CPUWeight's maximum
    c.rctls.clear();
    add_rctl(c, "zone.cpu-shares", "0", "none");
    EXPECT_EQ(unit_properties(resource_controls(c), {}).cpu_weight, 1U);
}

TEST(ResourceControls, TasksMaxIsLowerOfLwpsAndProcessesPlusSupervisor) {
    ZoneConfig c = base();
    add_rctl(c, "zone.max-lwps", "2000");
    EXPECT_EQ(unit_properties(resource_controls(c), {}).tasks_max, 2000 + kSupervisorTasks);
    add_rctl(c, "zone.max-processes", "500");
    EXPECT_EQ(unit_properties(resource_controls(c), {}).tasks_max, 500 + kSupervisorTasks);
}

TEST(ResourceControls, ActionNoneIsObservedOnly) {
    ZoneConfig c = base();
    add_rctl(c, "zone.max-lwps", "300", "none");
    const ResourceControls rc = resource_controls(c);
    ASSERT_TRUE(rc.lwps.has_value());
    EXPECT_FALSE(rc.lwps->enforced);
    EXPECT_EQ(rc.lwps->value, 300U);
    EXPECT_EQ(unit_properties(rc, {}).tasks_max, kInfinity);
}

TEST(ResourceControls, LowestDenyValueWins) {
    ZoneConfig c = base();
    add_rctl(c, "zone.max-lwps", "100", "none");
    add_rctl(c, "zone.max-lwps", "900");
    add_rctl(c, "zone.max-lwps", "700");
    const auto cap = rctl_cap(c, "zone.max-lwps");
    ASSERT_TRUE(cap.has_value());
    EXPECT_EQ(cap->value, 700U);
    EXPECT_TRUE(cap->enforced);
}

TEST(ResourceControls, BadLimitThrowsNamingTheRctl) {
    ZoneConfig c = base();
    add_rctl(c, "zone.max-lwps", "lots");
    try {
        resource_controls(c);
        FAIL() << "no exception";
    } catch (const ZoneError& e) {
        EXPECT_STREQ(e.what(), "rctl zone.max-lwps: invalid limit: lots");
    }
}

TEST(ResourceControls, DedicatedCpuRange) {
    ZoneConfig c = base();
    c.dedicated_cpu = DedicatedCpu{"2-4", ""};
    const ResourceControls rc = resource_controls(c);
    EXPECT_EQ(rc.dedicated_min, 2U);
    EXPECT_EQ(rc.dedicated_max, 4U);
    EXPECT_EQ(unit_properties(rc, {7, 6}).allowed_cpus, (std::vector<unsigned>{6, 7}));
}

TEST(CpuMask, LittleEndianBits) {
    EXPECT_EQ(cpu_mask({}), std::vector<std::uint8_t>{});
    EXPECT_EQ(cpu_mask({0}), std::vector<std::uint8_t>{0x01});
    EXPECT_EQ(cpu_mask({1, 3}), std::vector<std::uint8_t>{0x0a});
    EXPECT_EQ(cpu_mask({9}), (std::vector<std::uint8_t>{0x00, 0x02}));
}

TEST(CpuList, ParseAndFormat) {
    EXPECT_EQ(parse_cpu_list("0-3,6\n"), (std::vector<unsigned>{0, 1, 2, 3, 6}));
    EXPECT_EQ(parse_cpu_list("5"), (std::vector<unsigned>{5}));
    EXPECT_EQ(parse_cpu_list(""), std::vector<unsigned>{});
    EXPECT_EQ(parse_cpu_list("3-1"), std::vector<unsigned>{});
    EXPECT_EQ(parse_cpu_list("x"), std::vector<unsigned>{});
    EXPECT_EQ(format_cpu_list({6, 0, 1, 2, 3}), "0-3,6");
    EXPECT_EQ(format_cpu_list({}), "");
}

TEST(PickCpus, HighestFirstAndGlobalKeepsOne) {
    std::vector<unsigned> out;
    EXPECT_EQ(pick_cpus(1, 1, {0, 1, 2, 3}, {}, out), "");
    EXPECT_EQ(out, std::vector<unsigned>{3});
    EXPECT_EQ(pick_cpus(2, 8, {0, 1, 2, 3}, {3}, out), "");
    EXPECT_EQ(out, (std::vector<unsigned>{1, 2}));   // 0 stays with the global zone
    EXPECT_EQ(pick_cpus(2, 2, {0, 1}, {}, out), "dedicated-cpu: 2 CPUs requested, 1 available");
    EXPECT_EQ(pick_cpus(1, 1, {0, 1}, {1}, out), "dedicated-cpu: 1 CPUs requested, 0 available");
}

TEST(IpcSysctls, FromRctls) {
    ZoneConfig c = base();
    add_rctl(c, "zone.max-shm-memory", std::to_string(64ULL << 20));
    add_rctl(c, "zone.max-shm-ids", "64");
    add_rctl(c, "zone.max-msg-ids", "128");
    add_rctl(c, "zone.max-sem-ids", "32");
    const auto s = ipc_sysctls(resource_controls(c), "32000\t1024000000\t500\t32000\n", 4096);
    const std::vector<Sysctl> want = {{"kernel/shmmax", "67108864"}, {"kernel/shmall", "16384"},
                                      {"kernel/shmmni", "64"},       {"kernel/msgmni", "128"},
                                      {"kernel/sem", "32000 1024000000 500 32"}};
    EXPECT_EQ(s, want);
}

TEST(IpcSysctls, NoneObservedAndFullResets) {
    ZoneConfig c = base();
    add_rctl(c, "zone.max-msg-ids", "128", "none");
    EXPECT_TRUE(ipc_sysctls(resource_controls(c), "1 2 3 4", 4096).empty());
    const auto full = ipc_sysctls(resource_controls(c), "1 2 3 4", 4096, true);
    ASSERT_EQ(full.size(), 5U);
    EXPECT_EQ(full[3], (Sysctl{"kernel/msgmni", "32000"}));
    EXPECT_EQ(full[4], (Sysctl{"kernel/sem", "1 2 3 32000"}));
}

TEST(Check, SystemMaximumsAndZeros) {
    ZoneConfig c = base();
    add_rctl(c, "zone.max-msg-ids", "100000");
    EXPECT_EQ(check(resource_controls(c)), "zone.max-msg-ids 100000 exceeds the system maximum 32768");
    c = base();
    add_rctl(c, "zone.cpu-cap", "0");
    EXPECT_EQ(check(resource_controls(c)), "zone.cpu-cap must be at least 1");
    c = base();
    add_rctl(c, "zone.max-lwps", "2000");
    add_rctl(c, "zone.max-sem-ids", "32768");
    EXPECT_EQ(check(resource_controls(c)), "");
}
