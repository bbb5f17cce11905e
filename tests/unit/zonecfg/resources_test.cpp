// Resources: add/set/end with their checks, select, remove, cancel, info.
#include <gtest/gtest.h>

#include "harness.hpp"

namespace zones::zonecfg::test {
namespace {

struct Resources : ::testing::Test {
    void SetUp() override {
        ASSERT_EQ(h.run("create -b; set zonepath=/zones/web\n"), 0);
        h.open("web", Mode::Interactive);
    }
    std::string err(const std::string& cmds) {
        h.feed(cmds);
        return h.take_err();
    }
    std::string out(const std::string& cmds) {
        h.feed(cmds);
        return h.take_out();
    }
    const ZoneConfig& cfg() { return *h.session->config(); }
    Harness h;
};

TEST_F(Resources, Fs) {
    EXPECT_EQ(err("add fs; set dir=/usr/local; set special=/opt/local; set type=lofs; "
                  "add options [ro,nodevices]; add options \"retry=5\"; end\n"),
              "");
    ASSERT_EQ(cfg().fs.size(), 1u);
    EXPECT_EQ(cfg().fs[0], (Fs{"/usr/local", "/opt/local", "", "lofs",
                               {"ro", "nodevices", "retry=5"}}));
    EXPECT_EQ(out("info fs\n"), "fs:\n\tdir: /usr/local\n\tspecial: /opt/local\n"
                                "\traw not specified\n\ttype: lofs\n"
                                "\toptions: [ro,nodevices,\"retry=5\"]\n");
}

TEST_F(Resources, FsEndChecks) {
    EXPECT_EQ(err("add fs; end\n"), "dir not specified\nspecial not specified\ntype not specified\n");
    EXPECT_EQ(h.session->prompt(), "zonecfg:web:fs> ");   // still in the resource
    EXPECT_EQ(err("set dir=usr; set special=s; set raw=r; set type=lofs; end\n"),
              "dir usr is not an absolute path.\nraw r is not an absolute path.\n");
    EXPECT_EQ(err("set type=a/b\n"), "\"a/b\" is not a valid type.\n");
    EXPECT_EQ(err("set dir=/x; clear raw; end\n"), "");
    EXPECT_EQ(err("add fs; set dir=/x; set special=t; set type=tmpfs; end\n"),
              "A fs resource with the dir '/x' already exists.\n");
    h.feed("cancel\n");
    EXPECT_EQ(cfg().fs.size(), 1u);
}

TEST_F(Resources, FsOptions) {
    h.feed("add fs; set dir=/x; set special=/s; set type=lofs; add options [a,b,c]\n");
    EXPECT_EQ(err("remove options b; remove options [a]\n"), "");
    EXPECT_EQ(err("remove options zzz\n"), "options: No such property with that id\n");
    EXPECT_EQ(err("add options (name=x)\n"), "A simple or list value was expected here.\n");
    EXPECT_EQ(err("set options=[p,q]\n"), "");
    EXPECT_EQ(out("info\n"), "fs:\n\tdir: /x\n\tspecial: /s\n\traw not specified\n\ttype: lofs\n"
                             "\toptions: [p,q]\n");
    EXPECT_EQ(err("set options=[]; end\n"), "");
    EXPECT_TRUE(cfg().fs[0].options.empty());
}

TEST_F(Resources, WrongPropertyForResource) {
    h.feed("add fs\n");
    EXPECT_EQ(err("set physical=e0\n").rfind("physical: No such property type\nusage:\n"
                                             "set <property-name>=<property-value>\n",
                                             0),
              0u);
    EXPECT_EQ(err("add value (priv=privileged,limit=1,action=deny)\n")
                  .rfind("value: No such property type\nusage:\nadd <resource-type>", 0),
              0u);
    EXPECT_EQ(err("add net\n").rfind("usage:\nadd <resource-type>\n\t(global scope)\n", 0), 0u);
    EXPECT_EQ(err("clear dir\n"), "dir: Clearing this property is not allowed\n");
    h.feed("cancel; add net\n");
    EXPECT_EQ(err("add options ro\n").rfind("net: No such resource type\nusage:\nadd", 0), 0u);
}

TEST_F(Resources, Net) {
    EXPECT_EQ(err("add net; set address=192.168.0.1/24; set physical=eri0; end\n"), "");
    EXPECT_EQ(err("add net; set address=192.168.0.1/24; set physical=eri0; end\n"),
              "A net resource with the physical 'eri0', and address '192.168.0.1/24' "
              "already exists.\n");
    EXPECT_EQ(err("cancel\n"), "");
    EXPECT_EQ(err("add net; end\n"), "physical not specified\n");
    EXPECT_EQ(err("set address=fe80::1\n"), "fe80::1: IPv6 addresses require /prefix-length suffix.\n");
    EXPECT_EQ(err("set address=fe80::1/129\n"),
              "fe80::1/129: IPv6 address prefix lengths must be 0 - 128.\n");
    EXPECT_EQ(err("set address=10.0.0.1/33\n"),
              "10.0.0.1/33: IPv4 address prefix lengths must be 0 - 32.\n");
    EXPECT_EQ(err("set address=-bad\n").rfind("-bad: bogus host name or network address syntax\n"
                                               "\n<net-addr> :=\t<IPv4-address>",
                                               0),
              0u);
    EXPECT_EQ(err("set address=myhost.example.com/24; set defrouter=10.0.0.1/24\n"),
              "Warning: prefix length in 10.0.0.1/24 is not required and will be ignored. "
              "The default host-prefix length will be used\n");
    EXPECT_EQ(err("set physical=e0:1\n"), "e0:1: LUNs not allowed in physical interface names\n");
    EXPECT_EQ(err("set physical=a/b\n"), "a/b: invalid physical interface name\n");
    EXPECT_EQ(err("set physical=averyveryverylongname\n"),
              "averyveryverylongname: invalid physical interface name\n");
    EXPECT_EQ(err("set physical=e1; remove defrouter x; end\n"), "");
    EXPECT_EQ(cfg().nets[1], (Net{"myhost.example.com/24", "", "e1", ""}));
}

TEST_F(Resources, NetLinkname) {
    EXPECT_EQ(err("add net; set physical=e0; set address=10.0.0.5/24; set linkname=0bad\n"),
              "0bad: invalid link name (1-15 letters, digits, '_', '-' or '.', starting with a letter; not lo)\n");
    EXPECT_EQ(err("set linkname=lo\n").find("lo: invalid link name"), 0u);
    EXPECT_EQ(err("set linkname=eth0; end\n"), "");
    EXPECT_EQ(cfg().nets[0].linkname, "eth0");
    EXPECT_EQ(out("info net\n"), "net:\n\taddress: 10.0.0.5/24\n\tallowed-address not specified\n"
                                  "\tphysical: e0\n\tdefrouter not specified\n\tlinkname: eth0\n");
    EXPECT_EQ(out("info net linkname=eth0\n").find("net:\n"), 0u);
    EXPECT_EQ(err("select net linkname=eth0; clear linkname; end\n"), "");
    EXPECT_EQ(cfg().nets[0].linkname, "");
    // Unset, info prints the net as illumos does: no linkname line.
    EXPECT_EQ(out("info net\n"), "net:\n\taddress: 10.0.0.5/24\n\tallowed-address not specified\n"
                                  "\tphysical: e0\n\tdefrouter not specified\n");
}

TEST_F(Resources, NetExclusive) {
    h.feed("set ip-type=exclusive\n");
    EXPECT_EQ(err("add net; set physical=e0:1\n"),
              "e0:1: physical interface name required; logical interface name not allowed\n");
    EXPECT_EQ(err("set physical=vnic0; set allowed-address=10.0.0.5/24; "
                  "set defrouter=10.0.0.1; end\n"),
              "");
    EXPECT_EQ(err("add net; set physical=vnic0; set allowed-address=10.0.0.5/24; end\n"),
              "A net resource with the physical 'vnic0', and allowed-address '10.0.0.5/24' "
              "already exists.\n");
}

TEST_F(Resources, Device) {
    EXPECT_EQ(err("add device; end\n"), "match not specified\n");
    EXPECT_EQ(err("set match=/dev/zvol/rdsk/tank/*; end\n"), "");
    EXPECT_EQ(err("add device; set match=/dev/zvol/rdsk/tank/*; end\n"),
              "A device resource with the match '/dev/zvol/rdsk/tank/*' already exists.\n");
}

TEST_F(Resources, Rctl) {
    EXPECT_EQ(err("add rctl; set name=zone.cpu-shares; "
                  "add value (priv=privileged,limit=10,action=none); end\n"),
              "");
    EXPECT_EQ(out("info rctl\n"), "rctl:\n\tname: zone.cpu-shares\n"
                                  "\tvalue: (priv=privileged,limit=10,action=none)\n");
    EXPECT_EQ(out("info cpu-shares\n"), "[cpu-shares: 10]\n");
    EXPECT_EQ(err("add rctl; set name=cpu\n"), "'cpu' is not a valid zone rctl name.\n");
    EXPECT_EQ(err("set name=zone.cpu-shares; add value (priv=privileged,limit=1,action=none); end\n"),
              "A rctl resource with the name 'zone.cpu-shares' already exists.\n");
    EXPECT_EQ(err("set name=zone.max-lwps; set value=[]; end\n"), "no value specified\n");
    EXPECT_EQ(err("add value (limit=5)\n"), "priv not specified\naction not specified\n");
    EXPECT_EQ(err("add value (priv=privileged,priv=basic)\n"), "priv already specified\n");
    EXPECT_EQ(err("add value (priv=basic,limit=5,action=deny)\n"),
              "Invalid rctl value specification\n");
    EXPECT_EQ(err("add value (priv=privileged,limit=x,action=deny)\n"),
              "Invalid rctl value specification\n");
    EXPECT_EQ(err("add value (priv=privileged,limit=5,action=signal)\n"),
              "Invalid rctl value specification\n");
    EXPECT_EQ(err("add value (name=x)\n").rfind("value: No such property type\n", 0), 0u);
    EXPECT_EQ(err("add value 5\n"), "A complex or list value was expected here.\n");
    EXPECT_EQ(err("set value=[(priv=privileged,limit=200,action=deny),"
                  "(priv=privileged,limit=300,action=deny)]\n"),
              "");
    EXPECT_EQ(err("remove value (priv=privileged,limit=200,action=deny)\n"), "");
    EXPECT_EQ(err("remove value (priv=privileged,limit=9,action=deny)\n"),
              "value: No such property with that id\n");
    EXPECT_EQ(err("remove value x\n"), "A complex value was expected here.\n");
    EXPECT_EQ(err("end\n"), "");
    EXPECT_EQ(cfg().find_rctl("zone.max-lwps")->values,
              (std::vector<RctlValue>{{"privileged", "300", "deny"}}));
}

TEST_F(Resources, Attr) {
    EXPECT_EQ(err("add attr; end\n"),
              "name not specified\ntype not specified\nvalue not specified\n"
              "Invalid attr name : must start with an alpha-numeric character.\n"
              "invalid attr type ''\n");
    EXPECT_EQ(err("set name=-x; set type=int; set value=1.5; end\n"),
              "Invalid attr name -x: must start with an alpha-numeric character.\n"
              "invalid attr value for type=int\n");
    EXPECT_EQ(err("set name=a_b\n"), "");
    EXPECT_EQ(err("end\n"), "Invalid attr name a_b: can only contain alpha-numeric characters, "
                            "plus '-' and '.'.\ninvalid attr value for type=int\n");
    EXPECT_EQ(err("set name=comment; set type=string; set value=\"web server\"; end\n"), "");
    EXPECT_EQ(out("info attr name=comment\n"),
              "attr:\n\tname: comment\n\ttype: string\n\tvalue: \"web server\"\n");
    EXPECT_EQ(err("add attr; set name=comment; set type=boolean; set value=maybe; end\n"),
              "invalid attr value for type=boolean\n");
    EXPECT_EQ(err("set value=true; end\n"), "An attr resource with the name 'comment' already exists.\n");
    EXPECT_EQ(err("set name=n; set type=uint; set value=-1; end\n"), "invalid attr value for type=uint\n");
    EXPECT_EQ(err("set value=18446744073709551615; end\n"), "");
}

TEST_F(Resources, Dataset) {
    EXPECT_EQ(err("add dataset; end\n"), "name not specified\n");
    EXPECT_EQ(err("set name=rpool/zones/web/data; end\n"), "");
    EXPECT_EQ(err("add dataset; set name=rpool/zones/web/data; end\n"),
              "A dataset resource with the name 'rpool/zones/web/data' already exists.\n");
}

TEST_F(Resources, DedicatedCpu) {
    EXPECT_EQ(err("add dedicated-cpu; end\n"), "ncpus not specified\n");
    EXPECT_EQ(err("set ncpus=0\n"), "ncpus property is out of range.\n");
    EXPECT_EQ(err("set ncpus=4-2\n"), "ncpus property is out of range.\n");
    EXPECT_EQ(err("set importance=high\n"), "importance property is out of range.\n");
    EXPECT_EQ(err("set ncpus=2-2; set importance=10; end\n"), "");
    EXPECT_EQ(cfg().dedicated_cpu, (DedicatedCpu{"2", "10"}));
    EXPECT_EQ(out("info dedicated-cpu\n"), "dedicated-cpu:\n\tncpus: 2\n\timportance: 10\n");
    EXPECT_EQ(err("add dedicated-cpu\n"), "The dedicated-cpu resource already exists.\n");
    EXPECT_EQ(err("set pool=p\n"),
              "The dedicated-cpu resource already exists.  A persistent pool is incompatible\n"
              "with the dedicated-cpu resource.\n");
    EXPECT_EQ(err("add capped-cpu\n"), "The dedicated-cpu resource already exists.\n");
    EXPECT_EQ(err("select dedicated-cpu; set ncpus=1-4; clear importance; end\n"), "");
    EXPECT_EQ(cfg().dedicated_cpu, (DedicatedCpu{"1-4", ""}));
    EXPECT_EQ(err("remove dedicated-cpu; remove dedicated-cpu\n"),
              "remove dedicated-cpu: No such entry\n");
    EXPECT_EQ(err("set pool=p; add dedicated-cpu\n"),
              "The pool property is already set.  A persistent pool is incompatible with\n"
              "the dedicated-cpu resource.\n");
}

TEST_F(Resources, CappedCpu) {
    EXPECT_EQ(err("add capped-cpu; end\n"), "ncpus not specified\n");
    EXPECT_EQ(err("set ncpus=0\n"), "ncpus property is out of range.\n");
    EXPECT_EQ(err("set ncpus=abc\n"), "ncpus property is out of range.\n");
    EXPECT_EQ(err("set ncpus=1.15; end\n"), "");
    EXPECT_EQ(cfg().find_rctl("zone.cpu-cap")->values.front().limit, "115");
    EXPECT_EQ(out("info capped-cpu\n"), "capped-cpu:\n\t[ncpus: 1.15]\n");
    EXPECT_EQ(err("add capped-cpu\n"), "The capped-cpu resource already exists.\n");
    EXPECT_EQ(err("add dedicated-cpu\n"), "The capped-cpu resource already exists.\n");
    EXPECT_EQ(err("select capped-cpu; set ncpus=2; end\n"), "");
    EXPECT_EQ(cfg().find_rctl("zone.cpu-cap")->values.front().limit, "200");
    EXPECT_EQ(err("remove capped-cpu; remove capped-cpu\n"),
              "remove capped-cpu: No such resource type\n");
    EXPECT_EQ(err("select capped-cpu\n"), "select capped-cpu: No such entry\n");
}

TEST_F(Resources, CappedMemory) {
    EXPECT_EQ(err("add capped-memory; end\n"),
              "No property was specified.  One of physical, swap or locked is required.\n");
    EXPECT_EQ(err("set physical=512\n"), "A positive number with a required scale suffix "
                                          "(K, M, G or T) was expected here.\n");
    EXPECT_EQ(err("set physical=512K\n"), "physical value is too small.  It must be at least 1M.\n");
    EXPECT_EQ(err("set swap=10M\n"), "swap value is too small.  It must be at least 50M.\n");
    EXPECT_EQ(err("set locked=x\n"), "A non-negative number with a required scale suffix "
                                      "(K, M, G or T) was expected\nhere.\n");
    EXPECT_EQ(err("set physical=50M; set swap=100M; set locked=60M; end\n"),
              "The locked cap must be less than or equal to the physical cap.\n");
    EXPECT_EQ(err("set locked=20M; end\n"), "");
    EXPECT_EQ(cfg().mcap_physical, 50u * 1048576);
    EXPECT_EQ(out("info capped-memory\n"),
              "capped-memory:\n\tphysical: 50M\n\t[swap: 100M]\n\t[locked: 20M]\n");
    EXPECT_EQ(err("add capped-memory\n"),
              "The capped-memory resource or a related resource control already exists.\n");
    EXPECT_EQ(err("select capped-memory; clear physical; clear locked; end\n"), "");
    EXPECT_FALSE(cfg().mcap_physical);
    EXPECT_EQ(cfg().find_rctl("zone.max-locked-memory"), nullptr);
    EXPECT_EQ(out("info capped-memory\n"), "capped-memory:\n\t[swap: 100M]\n");
    EXPECT_EQ(err("select capped-memory; clear locked\n"), "clear locked: No such entry\n");
    EXPECT_EQ(err("cancel; remove capped-memory; remove capped-memory\n"),
              "remove capped-memory: No such resource type\n");
    EXPECT_TRUE(cfg().rctls.empty());
}

TEST_F(Resources, AdminAndSecurityFlags) {
    EXPECT_EQ(err("add admin; set user=nosuchuser-zz; set auths=login,bogus; end\n"),
              "user nosuchuser-zz is not a valid username\n'bogus' is not a valid authorization\n");
    EXPECT_EQ(err("set user=root; set auths=login,manage; end\n"), "");
    EXPECT_EQ(err("add admin; set user=root; set auths=clonefrom; end\n"),
              "A admin resource with the user 'root' already exists.\n");
    EXPECT_EQ(err("cancel; add security-flags; set default=aslr; set upper=all; end\n"), "");
    EXPECT_EQ(cfg().security_flags, (SecurityFlags{"aslr", "", "all"}));
    EXPECT_EQ(err("add security-flags\n"), "The security-flags resource already exists.\n");
    EXPECT_EQ(out("info security-flags\n"),
              "security-flags:\n\tdefault: aslr\n\tlower not specified\n\tupper: all\n");
}

TEST_F(Resources, InheritPkgDir) {
    EXPECT_EQ(err("add inherit-pkg-dir; set dir=/opt; end\n"), "");
    EXPECT_EQ(cfg().ipds, (std::vector<InheritPkgDir>{{"/opt"}}));
    h.backend.states["web"] = ZoneState::Installed;
    EXPECT_EQ(err("add inherit-pkg-dir\n"),
              "Zone web already installed; add inherit-pkg-dir not allowed.\n");
    EXPECT_EQ(err("remove inherit-pkg-dir dir=/opt\n"),
              "Zone web already installed; remove inherit-pkg-dir not allowed.\n");
}

TEST_F(Resources, SelectModifiesInPlace) {
    h.feed("add net; set physical=e0; set address=10.0.0.1; end\n"
           "add net; set physical=e1; set address=10.0.0.2; end\n"
           "add net; set physical=e1; set address=10.0.0.3; end\n");
    EXPECT_EQ(err("select net physical=e9\n"), "select net: No such resource with that id\n");
    EXPECT_EQ(err("select net physical=e1\n"), "select net: Insufficient specification\n");
    EXPECT_EQ(err("select net name=x\n"),
              "name: No such property type\nselect net: Insufficient specification\n");
    EXPECT_EQ(err("select net physical=[a]\n"),
              "A simple value was expected here.\nselect net: Insufficient specification\n");
    EXPECT_EQ(h.session->prompt(), "zonecfg:web> ");
    EXPECT_EQ(err("select net physical=e1 address=10.0.0.2\n"), "");
    EXPECT_EQ(h.session->prompt(), "zonecfg:web:net> ");
    EXPECT_EQ(out("info\n"), "net:\n\taddress: 10.0.0.2\n\tallowed-address not specified\n"
                             "\tphysical: e1\n\tdefrouter not specified\n");
    EXPECT_EQ(err("set address=10.0.0.9; end\n"), "");
    ASSERT_EQ(cfg().nets.size(), 3u);
    EXPECT_EQ(cfg().nets[1].address, "10.0.0.9");
    // cancel throws the edit away.
    EXPECT_EQ(err("select net address=10.0.0.9; set address=1.1.1.1; cancel\n"), "");
    EXPECT_EQ(cfg().nets[1].address, "10.0.0.9");
}

TEST_F(Resources, SelectCannotDuplicateAKey) {
    h.feed("add fs; set dir=/a; set special=/s; set type=lofs; end\n"
           "add fs; set dir=/b; set special=/s; set type=lofs; end\n"
           "add net; set physical=e0; set address=10.0.0.1; end\n"
           "add net; set physical=e0; set address=10.0.0.1; set defrouter=10.0.0.254; end\n");
    EXPECT_EQ(err("select fs dir=/b; set dir=/a; end\n"),
              "A fs resource with the dir '/a' already exists.\n");
    EXPECT_EQ(err("set dir=/b; end\n"), "");   // unchanged key: fine
    // The first net may not become a superset of the second: export adds
    // them back in order and the second would then be a duplicate.
    EXPECT_EQ(err("select net defrouter=\"\" physical=e0 address=10.0.0.1\n"),
              "select net: Insufficient specification\n");
    h.feed("cancel\n");
    h.take_err();
    EXPECT_EQ(err("select net defrouter=10.0.0.254; clear defrouter; end\n"),
              "A net resource with the physical 'e0', and address '10.0.0.1' already exists.\n");
}

TEST_F(Resources, Remove) {
    h.feed("add fs; set dir=/a; set special=/a; set type=lofs; end\n"
           "add fs; set dir=/b; set special=/b; set type=lofs; end\n");
    // Interactive, but stdin is not a terminal: upstream's odd wording.
    EXPECT_EQ(err("remove fs\n"), "Resource incomplete.\n");
    EXPECT_EQ(err("remove fs dir=/c\n"), "remove fs: No such resource with that id\n");
    EXPECT_EQ(err("remove fs dir=/a\n"), "");
    EXPECT_EQ(cfg().fs.size(), 1u);
    EXPECT_EQ(err("remove fs; remove fs\n"), "remove fs: No such entry\n");
    h.feed("add device; set match=/dev/a; end; add device; set match=/dev/b; end\n");
    EXPECT_EQ(err("remove -F device\n"), "");
    EXPECT_TRUE(cfg().devices.empty());
    EXPECT_EQ(err("remove -x device\n").rfind("usage:\nremove [-F] <resource-type>", 0), 0u);
}

TEST_F(Resources, RemoveSeveralNonInteractive) {
    h.feed("add attr; set name=a; set type=int; set value=1; end\n"
           "add attr; set name=b; set type=int; set value=2; end\n");
    ASSERT_EQ(h.session->finish(), 0);
    h.open("web", Mode::Args);
    EXPECT_EQ(h.run("remove attr\n"), 1);
    EXPECT_EQ(h.err.str(),
              "There are multiple instances of this resource.  Either qualify the resource to\n"
              "remove a single instance or use the -F option to remove all instances.\n");
    EXPECT_EQ(h.zone("web").attrs.size(), 2u);
}

TEST_F(Resources, RemoveAllAsksInteractively) {
    h.feed("add dataset; set name=a; end; add dataset; set name=b; end\n");
    h.answers = {false};
    EXPECT_EQ(err("remove dataset\n"), "");
    EXPECT_EQ(h.questions, "Are you sure you want to remove ALL 'dataset' resources\n");
    EXPECT_EQ(cfg().datasets.size(), 2u);
    h.answers = {true};
    EXPECT_EQ(err("remove dataset\n"), "");
    EXPECT_TRUE(cfg().datasets.empty());
}

TEST_F(Resources, InfoFilters) {
    h.feed("add fs; set dir=/a; set special=/s; set type=lofs; end\n"
           "add fs; set dir=/b; set special=/s; set type=ufs; end\n");
    EXPECT_EQ(out("info fs type=ufs\n"), "fs:\n\tdir: /b\n\tspecial: /s\n\traw not specified\n"
                                         "\ttype: ufs\n\toptions: []\n");
    EXPECT_EQ(out("info fs dir=/c\n"), "No such fs resource.\n");
    EXPECT_EQ(out("info net\n"), "");
    h.feed("info fs name=x\n");
    EXPECT_EQ(h.take_err(), "name: No such property type\n");
    EXPECT_EQ(h.take_out(), "No such fs resource.\n");
}

TEST_F(Resources, InfoWhole) {
    h.feed("set cpu-shares=5; add net; set physical=e0; set address=10.0.0.1/24; end\n"
           "add capped-cpu; set ncpus=1.5; end\n");
    EXPECT_EQ(out("info\n"),
              "zonename: web\nzonepath: /zones/web\nbrand: whole\nautoboot: false\n"
              "bootargs: \npool: \nlimitpriv: \nscheduling-class: \nip-type: shared\nhostid: \n"
              "fs-allowed: \n[cpu-shares: 5]\n"
              "net:\n\taddress: 10.0.0.1/24\n\tallowed-address not specified\n"
              "\tphysical: e0\n\tdefrouter not specified\n"
              "capped-cpu:\n\t[ncpus: 1.50]\n"
              "rctl:\n\tname: zone.cpu-shares\n\tvalue: (priv=privileged,limit=5,action=none)\n"
              "rctl:\n\tname: zone.cpu-cap\n\tvalue: (priv=privileged,limit=150,action=deny)\n");
}

}  // namespace
}  // namespace zones::zonecfg::test
