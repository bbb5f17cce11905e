// cgroup_pids (daemon/zoneadmd/cgroup.cpp): what the halt kills and the
// busy check looks at. payload/ is the zone's to fill: any number of tasks
// (a cgroup.procs past 64 KiB read as empty once) and any depth of
// sub-cgroups (the path outgrew PATH_MAX). Plain directories with
// cgroup.procs files stand in for cgroupfs here.
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "cgroup.hpp"

namespace fs = std::filesystem;

namespace {

struct Tmp {
    fs::path p;
    Tmp() {
        std::string t = (fs::is_directory("/dev/shm") ? std::string("/dev/shm") : fs::temp_directory_path().string()) +
                        "/zones-cgpids-XXXXXX";
        if (::mkdtemp(t.data())) p = t;
    }
    ~Tmp() { fs::remove_all(p); }
};

TEST(CgroupPids, ManyTasksAreAllRead) {
    Tmp t;
    ASSERT_FALSE(t.p.empty());
    {
        std::ofstream procs(t.p / "cgroup.procs");
        for (int pid = 100000; pid < 130000; ++pid) procs << pid << "\n";   // ~210 KB
    }
    fs::create_directories(t.p / "sub");
    std::ofstream(t.p / "sub/cgroup.procs") << "7\n";
    const auto v = zones::zoneadmd::cgroup_pids(t.p.string());
    ASSERT_EQ(v.size(), 30001u);
    EXPECT_EQ(v.front(), 100000);
}

TEST(CgroupPids, ASubCgroup5000DeepIsReached) {
    Tmp t;
    ASSERT_FALSE(t.p.empty());
    int cur = ::open(t.p.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    for (int i = 0; i < 5000; ++i) {
        ASSERT_EQ(::mkdirat(cur, "c", 0755), 0);
        const int next = ::openat(cur, "c", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        ::close(cur);
        ASSERT_GE(next, 0);
        cur = next;
    }
    const int f = ::openat(cur, "cgroup.procs", O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    ASSERT_GE(f, 0);
    ASSERT_EQ(::write(f, "4242\n", 5), 5);
    ::close(f);
    ::close(cur);
    const auto v = zones::zoneadmd::cgroup_pids(t.p.string());
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0], 4242);
}

}  // namespace
