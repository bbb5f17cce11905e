#include "sys/fdpass.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

#include <gtest/gtest.h>

using namespace zones::sys;

namespace {

struct Pair {
    Fd a, b;
    Pair() {
        int sv[2];
        if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) == 0) {
            a = Fd(sv[0]);
            b = Fd(sv[1]);
        }
    }
};

Fd open_null() { return Fd(::open("/dev/null", O_RDONLY)); }   // no O_CLOEXEC on purpose

TEST(FdPass, SendsTextAndFdsWhichArriveCloexec) {
    Pair s;
    ASSERT_TRUE(s.a);
    Fd n1 = open_null(), n2 = open_null();
    ASSERT_TRUE(send_fds(s.a.get(), "hello", {n1.get(), n2.get()}));
    std::string text;
    std::vector<Fd> fds;
    ASSERT_TRUE(recv_fds(s.b.get(), text, fds));
    EXPECT_EQ(text, "hello");
    ASSERT_EQ(fds.size(), 2u);
    for (const Fd& f : fds) EXPECT_TRUE(::fcntl(f.get(), F_GETFD) & FD_CLOEXEC);
}

TEST(FdPass, NegativeFdsAreLeftOut) {
    Pair s;
    Fd n = open_null();
    ASSERT_TRUE(send_fds(s.a.get(), "error no console", {-1, -1}));
    ASSERT_TRUE(send_fds(s.a.get(), "one", {-1, n.get()}));
    std::string text;
    std::vector<Fd> fds;
    ASSERT_TRUE(recv_fds(s.b.get(), text, fds));
    EXPECT_EQ(text, "error no console");
    EXPECT_TRUE(fds.empty());
    ASSERT_TRUE(recv_fds(s.b.get(), text, fds));
    EXPECT_EQ(fds.size(), 1u);
}

TEST(FdPass, MoreThanTheMaximumIsRefused) {
    Pair s;
    Fd n = open_null();
    std::vector<int> many(kMaxFds + 1, n.get());
    EXPECT_FALSE(send_fds(s.a.get(), "x", many));
    EXPECT_EQ(errno, EINVAL);
}

TEST(FdPass, ATruncatedMessageFailsButItsFdsAreTaken) {
    Pair s;
    Fd n = open_null();
    ASSERT_TRUE(send_fds(s.a.get(), std::string(100, 'x'), {n.get()}));
    std::string text;
    std::vector<Fd> fds;
    EXPECT_FALSE(recv_fds(s.b.get(), text, fds, 10));
    EXPECT_EQ(errno, EMSGSIZE);
    EXPECT_EQ(fds.size(), 1u);   // owned, so closed: never leaked
}

TEST(FdPass, EofIsFalseWithErrnoZero) {
    Pair s;
    s.a.reset();
    std::string text = "x";
    std::vector<Fd> fds;
    EXPECT_FALSE(recv_fds(s.b.get(), text, fds));
    EXPECT_EQ(errno, 0);
    EXPECT_TRUE(text.empty());
}

TEST(FdPass, DontWaitOnAnEmptySocket) {
    Pair s;
    std::string text;
    std::vector<Fd> fds;
    EXPECT_FALSE(recv_fds(s.b.get(), text, fds, 4096, MSG_DONTWAIT));
    EXPECT_EQ(errno, EAGAIN);
}

}  // namespace
