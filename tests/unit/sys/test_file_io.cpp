#include "sys/file_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "sys/fd.hpp"

namespace fs = std::filesystem;
using namespace zones::sys;

namespace {

class FileIo : public ::testing::Test {
protected:
    void SetUp() override {
        char tmpl[] = "/tmp/zones-sys-test.XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl), nullptr);
        dir_ = tmpl;
    }
    void TearDown() override { fs::remove_all(dir_); }
    std::string path(const char* name) const { return (dir_ / name).string(); }
    fs::path dir_;
};

TEST_F(FileIo, ReadsAFileOfAnySize) {
    // More than one read(2) buffer and more than 64 KiB (the old cap, at
    // which a large cgroup.procs read as "nothing").
    std::string big;
    for (int i = 0; big.size() < 300 * 1024; ++i) big += std::to_string(i) + "\n";
    ASSERT_TRUE(replace_file(path("big"), big));
    std::string got = "old contents";
    ASSERT_TRUE(read_file(path("big"), got));
    EXPECT_EQ(got, big);
}

TEST_F(FileIo, ReadPastTheLimitIsEfbig) {
    ASSERT_TRUE(replace_file(path("f"), std::string(100, 'x')));
    std::string got;
    EXPECT_FALSE(read_file(path("f"), got, 99));
    EXPECT_EQ(errno, EFBIG);
    EXPECT_TRUE(read_file(path("f"), got, 100));
    EXPECT_EQ(got.size(), 100u);
}

TEST_F(FileIo, ReadOfAMissingFileSetsErrno) {
    std::string got;
    EXPECT_FALSE(read_file(path("missing"), got));
    EXPECT_EQ(errno, ENOENT);
}

TEST_F(FileIo, ReadsKernelFilesWholeUntilEof) {
    // /proc files have size 0 in stat: read until EOF.
    std::string got;
    ASSERT_TRUE(read_file("/proc/self/status", got));
    EXPECT_NE(got.find("\nPid:"), std::string::npos);
}

TEST_F(FileIo, ReplaceFileIsAtomicWithItsMode) {
    ASSERT_TRUE(replace_file(path("f"), "one\n", 0600));
    ASSERT_TRUE(replace_file(path("f"), "two\n", 0640, true));
    std::string got;
    ASSERT_TRUE(read_file(path("f"), got));
    EXPECT_EQ(got, "two\n");
    struct stat st {};
    ASSERT_EQ(::stat(path("f").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0640u);
    // No temporary file is left beside it.
    int n = 0;
    for (const auto& e : fs::directory_iterator(dir_)) n += e.path().filename().string().starts_with(kTempPrefix);
    EXPECT_EQ(n, 0);
}

TEST_F(FileIo, ReplaceFileInAMissingDirectoryFails) {
    EXPECT_FALSE(replace_file(path("no/such/dir/f"), "x"));
    EXPECT_EQ(errno, ENOENT);
}

TEST_F(FileIo, WriteFileWritesAnExistingFileOnly) {
    EXPECT_FALSE(write_file(path("new"), "x"));
    EXPECT_EQ(errno, ENOENT);
    ASSERT_TRUE(replace_file(path("knob"), "0"));
    ASSERT_TRUE(write_file(path("knob"), "1"));
    std::string got;
    ASSERT_TRUE(read_file(path("knob"), got));
    EXPECT_EQ(got, "1");
}

TEST_F(FileIo, WriteAllWritesEverythingThroughAPipe) {
    int p[2];
    ASSERT_EQ(::pipe2(p, O_CLOEXEC), 0);
    Fd rd(p[0]), wr(p[1]);
    const std::string data(60000, 'z');   // within the pipe's buffer
    ASSERT_TRUE(write_all(wr.get(), data));
    wr.reset();
    std::string got;
    ASSERT_TRUE(read_fd(rd.get(), got));
    EXPECT_EQ(got, data);
}

TEST(FdTest, ClosesAndMoves) {
    int p[2];
    ASSERT_EQ(::pipe2(p, O_CLOEXEC), 0);
    {
        Fd a(p[0]);
        Fd b(std::move(a));
        EXPECT_FALSE(a);
        EXPECT_EQ(b.get(), p[0]);
        Fd c;
        c = std::move(b);
        EXPECT_EQ(c.get(), p[0]);
    }
    EXPECT_EQ(::fcntl(p[0], F_GETFD), -1);   // closed once, by c
    Fd w(p[1]);
    errno = EPERM;
    w.reset();
    EXPECT_EQ(errno, EPERM);   // close() keeps the errno a caller reports
    EXPECT_EQ(errno_text("x", ENOENT), "x: No such file or directory");
}

}  // namespace
