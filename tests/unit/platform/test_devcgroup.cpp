// The v2 device program (plugins/dev/devcgroup.cpp) against the real
// kernel: a scratch cgroup2 child of our own cgroup gets the program; a
// process in it may open allowed nodes only and mknod nothing. On hybrid
// hosts the v1 devices controller of our cgroup allows everything, so the
// program alone decides. Root only.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "dev/devcgroup.hpp"

namespace fs = std::filesystem;
using namespace zones::plugin;

namespace {

// Our cgroup in the cgroup2 hierarchy, or "" when none is mounted.
fs::path own_v2() {
    std::ifstream mi("/proc/self/mountinfo");
    std::string mnt;
    for (std::string l; std::getline(mi, l);) {
        auto dash = l.find(" - cgroup2 ");
        if (dash == std::string::npos) continue;
        std::istringstream s(l);
        std::string f[5];
        for (auto& x : f) s >> x;
        mnt = f[4];
        break;
    }
    if (mnt.empty()) return {};
    std::ifstream cg("/proc/self/cgroup");
    for (std::string l; std::getline(cg, l);)
        if (l.rfind("0::", 0) == 0) return fs::path(mnt) / l.substr(4);
    return {};
}

}  // namespace

TEST(DevCgroup, RuleText) {
    EXPECT_EQ("c 1:3 rw", (DevRule{'c', 1, 3}.text()));
    EXPECT_EQ("c 136:* rw", (DevRule{'c', 136, -1}.text()));
    EXPECT_EQ("b *:* rw", (DevRule{'b', -1, -1}.text()));
}

// preload: the program loaded beforehand (load_device_program, as the dev
// plugin does beside the scope), else by restrict_devices itself.
void check_v2_program(bool preload) {
    const fs::path own = own_v2();
    const fs::path dir = own / ("zones-devtest-" + std::to_string(::getpid()));
    const fs::path scratch = fs::temp_directory_path() / ("zones-devtest-" + std::to_string(::getpid()));
    ASSERT_TRUE(fs::create_directory(dir)) << dir;
    fs::create_directories(scratch);
    // A host node not on the list, made by us (outside the cgroup): /dev/mem's numbers.
    ASSERT_EQ(::mknod((scratch / "mem").c_str(), S_IFCHR | 0600, makedev(1, 1)), 0);
    const std::vector<DevRule> rules{{'c', 1, 3}, {'c', 136, -1}};
    Fd program;
    if (preload) {
        Status l = load_device_program(rules, program);
        ASSERT_TRUE(l.ok()) << l.error;
        ASSERT_TRUE(static_cast<bool>(program));
    }
    Status s = restrict_devices({dir.string()}, rules, &program);
    EXPECT_TRUE(s.ok()) << s.error;
    pid_t k = ::fork();
    if (k == 0) {
        std::ofstream(dir / "cgroup.procs") << ::getpid() << std::flush;
        int n = ::open("/dev/null", O_RDWR);
        if (n < 0) ::_exit(1);
        ::close(n);
        if (::open("/dev/zero", O_RDONLY) >= 0 || errno != EPERM) ::_exit(2);
        if (::open((scratch / "mem").c_str(), O_RDONLY) >= 0 || errno != EPERM) ::_exit(3);
        if (::mknod((scratch / "null2").c_str(), S_IFCHR | 0600, makedev(1, 3)) == 0 || errno != EPERM) ::_exit(4);
        ::_exit(0);
    }
    int st = 0;
    ::waitpid(k, &st, 0);
    EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0) << "step " << WEXITSTATUS(st);
    fs::remove_all(scratch);
    ::rmdir(dir.c_str());
}

TEST(DevCgroup, V2ProgramAllowsOnlyTheList) {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root";
    if (own_v2().empty()) GTEST_SKIP() << "no cgroup2 hierarchy";
    check_v2_program(false);
}

TEST(DevCgroup, V2ProgramLoadedBeforehandIsTheOneAttached) {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root";
    if (own_v2().empty()) GTEST_SKIP() << "no cgroup2 hierarchy";
    check_v2_program(true);
}

// Fail closed: payload cgroups none of which has a device controller (a v1
// host without the devices hierarchy) restrict nothing, and that is an
// error for the ready, never an allow-all.
TEST(DevCgroup, NoDeviceControllerIsAnError) {
    const fs::path tmp = fs::temp_directory_path() / ("zones-nodevcg-" + std::to_string(::getpid()));
    fs::create_directories(tmp / "cpu");
    fs::create_directories(tmp / "memory");
    std::ofstream(tmp / "cpu" / "cpu.shares") << "1024\n";
    Status s = restrict_devices({(tmp / "cpu").string(), (tmp / "memory").string()}, base_rules());
    EXPECT_FALSE(s.ok());
    EXPECT_EQ("no device controller in the zone's cgroups: its devices cannot be restricted", s.error);
    EXPECT_FALSE(restrict_devices({}, base_rules()).ok());
    // A v1 devices hierarchy among them (its files, as the kernel shows them)
    // is enough: deny all, then the list.
    fs::create_directories(tmp / "devices");
    std::ofstream(tmp / "devices" / "devices.allow").flush();
    std::ofstream(tmp / "devices" / "devices.deny").flush();
    s = restrict_devices({(tmp / "cpu").string(), (tmp / "devices").string()}, {{'c', 1, 3}});
    EXPECT_TRUE(s.ok()) << s.error;
    std::ifstream deny(tmp / "devices" / "devices.deny"), allow(tmp / "devices" / "devices.allow");
    std::string d, a;
    std::getline(deny, d);
    std::getline(allow, a);
    EXPECT_EQ("a", d);
    EXPECT_EQ("c 1:3 rw", a);
    fs::remove_all(tmp);
}
