// zones/tree_walk: a tree of any depth walked and removed with one
// directory open at a time, never following a symlink.
#include "zones/tree_walk.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "scratch.hpp"
#include "sys/fd.hpp"

namespace fs = std::filesystem;
using namespace zones;

namespace {

// DEPTH nested directories "d" below `top`, with a file "f" in every 1000th
// and at the bottom: made with openat, since the path passes PATH_MAX.
void deep_chain(const fs::path& top, int depth) {
    sys::Fd cur(::open(top.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    ASSERT_TRUE(cur);
    for (int i = 0; i < depth; ++i) {
        ASSERT_EQ(::mkdirat(cur.get(), "d", 0755), 0) << i;
        sys::Fd next(::openat(cur.get(), "d", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        ASSERT_TRUE(next);
        cur = std::move(next);
        if (i % 1000 == 0 || i == depth - 1) {
            sys::Fd f(::openat(cur.get(), "f", O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
            ASSERT_TRUE(f);
        }
    }
}

// A soft RLIMIT_NOFILE of `n` while it lives: a walk holding an fd per
// level would run out long before 5000 levels.
struct FewFds {
    rlimit old{};
    explicit FewFds(rlim_t n) {
        ::getrlimit(RLIMIT_NOFILE, &old);
        rlimit r = old;
        r.rlim_cur = n;
        ::setrlimit(RLIMIT_NOFILE, &r);
    }
    ~FewFds() { ::setrlimit(RLIMIT_NOFILE, &old); }
};

constexpr int kDepth = 5000;

TEST(TreeWalk, VisitsAChain5000DeepWithFewFds) {
    test::ScratchDir s;
    deep_chain(s.path(), kDepth);
    sys::Fd root(::open(s.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    int dirs = 0, files = 0;
    {
        FewFds few(32);
        EXPECT_EQ("", tree::walk(root.get(), "root", [&](int, const char*, const struct stat& st, std::string&) {
                      (S_ISDIR(st.st_mode) ? dirs : files)++;
                      return tree::Step::Descend;
                  }));
    }
    EXPECT_EQ(dirs, kDepth);
    EXPECT_EQ(files, kDepth / 1000 + 1);
}

TEST(TreeWalk, RemovesAChain5000DeepWithFewFds) {
    test::ScratchDir s;
    fs::create_directories(s.path() / "root");
    deep_chain(s.path() / "root", kDepth);
    std::ofstream(s.path() / "root" / "top-file") << "x";
    sys::Fd root(::open((s.path() / "root").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    {
        FewFds few(32);
        EXPECT_EQ("", tree::remove_contents(root.get(), "root"));
    }
    EXPECT_TRUE(fs::is_empty(s.path() / "root"));
}

TEST(TreeWalk, NeverFollowsASymlinkAndVisitsEachEntryOnce) {
    test::ScratchDir s;
    const fs::path r = s.path() / "root", out = s.path() / "outside";
    fs::create_directories(r / "a/b");
    fs::create_directories(r / "c");
    fs::create_directories(out);
    std::ofstream(out / "host-file") << "host";
    for (int i = 0; i < 300; ++i) std::ofstream(r / "a" / ("f" + std::to_string(i))) << i;   // more than one readdir buffer
    fs::create_symlink(out, r / "a/b/link-out");
    sys::Fd root(::open(r.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    std::multiset<std::string> seen;
    EXPECT_EQ("", tree::walk(root.get(), "root", [&](int, const char* n, const struct stat&, std::string&) {
                  seen.insert(n);
                  return tree::Step::Descend;
              }));
    EXPECT_EQ(seen.size(), 3u + 300u + 1u);   // a, b, c, f*, link-out
    EXPECT_EQ(seen.count("host-file"), 0u);
    EXPECT_EQ(seen.count("f299"), 1u);
    EXPECT_EQ("", tree::remove_contents(root.get(), "root"));
    EXPECT_TRUE(fs::is_empty(r));
    EXPECT_TRUE(fs::exists(out / "host-file")) << "the link's target is never removed";
}

TEST(TreeWalk, ADirectoryNotLookedIntoShowsOnlyItsSubdirectories) {
    // LookInside false: the files of that directory are not visited (not
    // even lstat'ed); its subdirectories are, and asked for themselves,
    // also deep down, below the levels whose streams stay open.
    test::ScratchDir s;
    const fs::path r = s.path() / "root", out = s.path() / "outside";
    fs::path deep = r / "quiet";
    for (int i = 0; i < 12; ++i) deep /= "d";
    fs::create_directories(deep);
    fs::create_directories(r / "busy/sub");
    fs::create_directories(out);
    std::ofstream(r / "quiet/file") << "x";
    std::ofstream(deep / "bottom") << "x";
    std::ofstream(r / "busy/file") << "x";
    std::ofstream(r / "busy/sub/file2") << "x";
    fs::create_symlink(out, r / "quiet/link-out");   // DT_LNK: never opened
    std::ofstream(r / "top-file") << "x";
    sys::Fd root(::open(r.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    struct stat busy {}, bottom_dir {};
    ASSERT_EQ(::stat((r / "busy").c_str(), &busy), 0);
    ASSERT_EQ(::stat(deep.c_str(), &bottom_dir), 0);
    std::multiset<std::string> seen;
    std::size_t asked = 0;
    EXPECT_EQ("", tree::walk(
                      root.get(), "root",
                      [&](int, const char* n, const struct stat& st, std::string&) {
                          seen.insert(n);
                          EXPECT_NE(st.st_ino, 0u) << n;
                          return tree::Step::Descend;
                      },
                      [&](const struct stat& dir) {
                          ++asked;
                          return dir.st_ino == busy.st_ino || dir.st_ino == bottom_dir.st_ino;
                      }));
    EXPECT_EQ(asked, 1u + 1u + 12u + 2u);   // root, quiet, its 12 d, busy, busy/sub
    EXPECT_EQ(seen.count("top-file"), 0u) << "the root was not looked into";
    EXPECT_EQ(seen.count("file"), 1u) << "busy's, not quiet's";
    EXPECT_EQ(seen.count("link-out"), 0u);
    EXPECT_EQ(seen.count("d"), 12u) << "every level of the chain";
    EXPECT_EQ(seen.count("bottom"), 1u) << "the deepest directory was looked into";
    EXPECT_EQ(seen.count("file2"), 0u) << "busy/sub was not";
    EXPECT_EQ(seen.count("sub"), 1u);
}

TEST(TreeWalk, SkipAndStop) {
    test::ScratchDir s;
    fs::create_directories(s.path() / "skip/inner");
    fs::create_directories(s.path() / "stop");
    sys::Fd root(::open(s.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    std::set<std::string> seen;
    const std::string r = tree::walk(root.get(), "root", [&](int, const char* n, const struct stat&, std::string& err) {
        seen.insert(n);
        if (std::string(n) == "skip") return tree::Step::Skip;
        if (std::string(n) == "stop") {
            err = "stopped at stop";
            return tree::Step::Stop;
        }
        return tree::Step::Descend;
    });
    EXPECT_EQ(seen.count("inner"), 0u);
    EXPECT_EQ(r, "stopped at stop");   // "stop" is reached, before or after "skip"
}

TEST(TreeWalk, AMovedDirectoryIsAnErrorNeverAWayOut) {
    // Below the levels kept open, the way back is "..", checked against
    // what we passed on the way down: a directory moved while we are below
    // it ends the walk.
    test::ScratchDir s;
    fs::path deep = s.path() / "root";
    for (int i = 0; i < 12; ++i) deep /= "d" + std::to_string(i);
    fs::create_directories(deep / "a/b");
    fs::create_directories(s.path() / "elsewhere");
    sys::Fd root(::open((s.path() / "root").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    bool moved = false;
    const std::string r = tree::walk(root.get(), "root", [&](int, const char* n, const struct stat&, std::string&) {
        if (!moved && std::string(n) == "b") {
            fs::rename(deep / "a", s.path() / "elsewhere/a");
            moved = true;
        }
        return tree::Step::Descend;
    });
    EXPECT_TRUE(moved);
    EXPECT_NE(r.find("Stale file handle"), std::string::npos) << r;
}

TEST(TreeWalk, AMovedDirectoryNearTheTopIsNoWayOut) {
    // Near the top the parents stay open: coming back from a moved
    // directory returns to the directory we came from, never to the moved
    // one's new parent.
    test::ScratchDir s;
    fs::create_directories(s.path() / "root/a/b");
    std::ofstream(s.path() / "root/z-after") << "x";
    fs::create_directories(s.path() / "elsewhere");
    std::ofstream(s.path() / "elsewhere/outside") << "x";
    sys::Fd root(::open((s.path() / "root").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    bool moved = false;
    std::set<std::string> seen;
    const std::string r = tree::walk(root.get(), "root", [&](int, const char* n, const struct stat&, std::string&) {
        seen.insert(n);
        if (!moved && std::string(n) == "b") {
            fs::rename(s.path() / "root/a", s.path() / "elsewhere/a");
            moved = true;
        }
        return tree::Step::Descend;
    });
    EXPECT_TRUE(moved);
    EXPECT_EQ(r, "");
    EXPECT_EQ(seen.count("outside"), 0u);
    EXPECT_EQ(seen.count("z-after"), 1u);   // the root's reading went on
}

}  // namespace
