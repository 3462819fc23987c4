// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Data-parallel `pconv_train train` on loopback (issue 19): two ranks against one process with the
// global batch, a killed and a hung rank, bad torchrun variables, a non-finite loss on one rank,
// and --resume across world sizes. Every rank is a real pconv_train process with torchrun's
// environment variables, started here with fork/exec.

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <netinet/in.h>
#include <sstream>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "checkpoint.hpp"
#include "train_test_utils.hpp"

// A namespace of its own: the test program is one unity-build translation unit.
namespace distributed_test {

double secondsSince(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

//! A TCP socket bound to a free port of `address` (bound to port 0); the port in `port`. -1 on failure.
int boundSocket(uint32_t address, int& port)
{
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(address);
    a.sin_port = 0;
    socklen_t len = sizeof(a);
    if (fd < 0 || bind(fd, (sockaddr*)&a, sizeof(a)) != 0 || getsockname(fd, (sockaddr*)&a, &len) != 0)
    {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    port = ntohs(a.sin_port);
    return fd;
}

//! A TCP port that was free a moment ago (bound to port 0, then released).
int freePort()
{
    int port = 0;
    const int fd = boundSocket(INADDR_LOOPBACK, port);
    if (fd < 0)
    {
        ADD_FAILURE() << "no free port";
        return 0;
    }
    close(fd);
    return port;
}

//! torchrun's variables of one rank on loopback.
std::vector<std::string> rankEnv(int world, int rank, int port)
{
    return {"WORLD_SIZE=" + std::to_string(world), "RANK=" + std::to_string(rank),
            "LOCAL_RANK=" + std::to_string(rank), "MASTER_ADDR=127.0.0.1", "MASTER_PORT=" + std::to_string(port)};
}

//! Starts `args` (a shell command line after the tool's path) with extra environment `env`;
//! stdout and stderr go to `log`.
pid_t spawn(const std::vector<std::string>& env, const std::string& args, const std::string& log)
{
    const std::string command = pconv_test::toolPath() + " --threads 1 " + args + " > '" + log + "' 2>&1";
    const pid_t pid = fork();
    if (pid == 0)
    {
        // The test's own environment may come from a torchrun: only what the test gives counts.
        for (const char* v : {"WORLD_SIZE", "RANK", "LOCAL_RANK", "MASTER_ADDR", "MASTER_PORT"})
            unsetenv(v);
        for (const auto& e : env)
            putenv(strdup(e.c_str()));
        // exec, so that the pid is the tool's own (the kill test signals it)
        execl("/bin/sh", "sh", "-c", ("exec " + command).c_str(), (char*)nullptr);
        _exit(127);
    }
    return pid;
}

//! Waits for the process; its exit code, -1 if it was killed by a signal, -2 after `timeout` seconds (then it is killed).
int waitExit(pid_t pid, double timeout)
{
    const auto t0 = std::chrono::steady_clock::now();
    while (true)
    {
        int status = 0;
        const pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        if (secondsSince(t0) > timeout)
        {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            return -2;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

std::string readText(const std::string& path)
{
    std::ifstream f(path);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

//! Runs `world` ranks of the same command line; returns their exit codes (rank order).
std::vector<int> runRanks(int world, const std::string& args, const std::string& logPrefix,
                          const std::vector<std::string>& extraEnv = {}, double timeout = 110)
{
    const int port = freePort();
    std::vector<pid_t> pids;
    for (int r = 0; r < world; r++)
    {
        std::vector<std::string> env = rankEnv(world, r, port);
        env.insert(env.end(), extraEnv.begin(), extraEnv.end());
        pids.push_back(spawn(env, args, logPrefix + std::to_string(r) + ".log"));
    }
    std::vector<int> codes;
    for (pid_t p : pids)
        codes.push_back(waitExit(p, timeout));
    return codes;
}

//! Tiny runs: 32 px crops, 3 levels of width 4, Adam at 1e-3; every flag the same for both sides.
std::string trainArgs(const std::string& dir, const std::string& out, int batch, int steps)
{
    return "train --data " + dir + "/photos --out " + out + " --image_size 32 --layers 3 --width 4 --batch_size " +
           std::to_string(batch) + " --steps " + std::to_string(steps) +
           " --learning_rate 0.001 --seed 5 --val-every 0 --log-every 1 --quiet";
}

struct WeightDistance
{
    double maxAbs = 0, norm = 0;
};

//! Distance between two checkpoints' weights (all parameters and buffers).
WeightDistance distance(const std::string& a, const std::string& b)
{
    pconv::PConvUNet ma = pconv::loadModel(a), mb = pconv::loadModel(b);
    auto pa = ma->named_parameters(), pb = mb->named_parameters();
    WeightDistance d;
    double sq = 0;
    for (const auto& item : pa)
    {
        const torch::Tensor diff = (item.value() - pb[item.key()]).abs();
        d.maxAbs = std::max(d.maxAbs, diff.max().item<double>());
        sq += diff.pow(2).sum().item<double>();
    }
    d.norm = std::sqrt(sq);
    return d;
}

/* Two ranks x batch 2 against one process x batch 4 on the same data order: each rank takes its
half of every step's global batch (Dataset::trainBatch's shards), the averaged gradient of two
halves is the gradient of the whole batch's mean loss, and Adam steps the same on every rank.

What differs and why: BatchNorm normalises each rank's 2 crops by their own statistics, the single
process its 4 crops by theirs, so the two runs compute different functions (documented in the
README as per-rank statistics). The exact comparison therefore runs with the test hook
PCONV_TRAIN_TEST_BN_EVAL=1 (BatchNorm on its running statistics, identical in both): then only the
order of float additions differs, and the weights after 4 steps must agree to 1e-4 of the
distance the training moved them between steps 1 and 4 (measured 7e-7). With the gradient average
switched off (a temporary build, 2026-12-04) the ranks followed the gradients of their own halves and
the distance was 0.63 of that movement: the test fails without the all-reduce.
The second part runs with BatchNorm on, as training does: the per-rank statistics make a difference
far above the float tolerance (measured 0.83 of the movement here: batches of 2 against 4 crops
of a tiny net, and Adam's first steps are nearly sign steps, so any gradient difference shows at
full size). It is only stated (printed) and checked to be there, not bounded: it is the documented
cost of unsynchronised BatchNorm, not an error.
The third part repeats the exact comparison with --w-adv 5: the discriminator's gradients are
averaged too, and the generator's weights, which its adversarial term steers, match as closely. */
TEST(Inpainting_TrainDistributed, two_ranks_match_one_process_with_twice_the_batch)
{
    const std::string dir = pconv_test::makeTempDir("dist_equal");
    ASSERT_EQ(pconv_test::writePhotoSet(dir + "/photos", 8, 48), 8);
    std::string out;
    const std::vector<std::string> bnEval{"PCONV_TRAIN_TEST_BN_EVAL=1"};

    struct Config
    {
        std::string tag;
        bool batchNormOn;
        std::string extra;
    };
    for (const Config& c : {Config{"fixed", false, ""}, Config{"bn", true, ""},
                            Config{"adv", false, " --w-adv 5 --d-width 4"}})
    {
        const std::string& tag = c.tag;
        const bool batchNormOn = c.batchNormOn;
        // One process, batch 4, keeping the weights after step 1 (to measure how far training moves them).
        std::string cmd = "cd /tmp && " + std::string(batchNormOn ? "" : "PCONV_TRAIN_TEST_BN_EVAL=1 ") + "env -u WORLD_SIZE -u RANK " +
                          pconv_test::toolPath() + " --threads 1 " + trainArgs(dir, dir + "/one_" + tag, 4, 4) +
                          c.extra + " --keep-every 1";
        ASSERT_EQ(pconv_test::runCommand(cmd, out), 0) << out;
        const std::vector<int> codes = runRanks(2, trainArgs(dir, dir + "/two_" + tag, 2, 4) + c.extra, dir + "/rank_" + tag,
                                                batchNormOn ? std::vector<std::string>{} : bnEval);
        ASSERT_EQ(codes, (std::vector<int>{0, 0})) << readText(dir + "/rank_" + tag + "0.log")
                                                   << readText(dir + "/rank_" + tag + "1.log");
        const std::string log0 = readText(dir + "/rank_" + tag + "0.log");
        EXPECT_NE(log0.find("world size 2"), std::string::npos) << log0;
        EXPECT_NE(log0.find("global batch 4"), std::string::npos) << log0;
        EXPECT_NE(log0.find("lr 0.001"), std::string::npos) << log0;
        if (!c.extra.empty())
            EXPECT_NE(log0.find("adversarial: weight 5"), std::string::npos) << log0;
        // Rank 1 writes nothing and prints nothing but errors.
        EXPECT_EQ(readText(dir + "/rank_" + tag + "1.log"), "");

        const WeightDistance moved = distance(dir + "/one_" + tag + "/step_1.ckpt", dir + "/one_" + tag + "/last.ckpt");
        const WeightDistance apart = distance(dir + "/one_" + tag + "/last.ckpt", dir + "/two_" + tag + "/last.ckpt");
        const double relative = apart.norm / moved.norm;
        std::printf("[%s%s BatchNorm] training moved the weights by %.4g (norm, steps 1-4), max %.3g; two ranks vs one "
                    "process: norm %.4g (%.3g of that), max %.3g\n",
                    c.extra.empty() ? "" : "--w-adv, ", batchNormOn ? "per-rank" : "fixed", moved.norm, moved.maxAbs, apart.norm, relative, apart.maxAbs);
        ASSERT_GT(moved.norm, 1e-3); // the comparison means something only if training moved the weights
        if (!batchNormOn)
        {
            EXPECT_LT(relative, 1e-4);
        }
        else
        {
            // Per-rank batch statistics: the BatchNorm hook is what made the first part exact.
            EXPECT_GT(relative, 1e-3);
        }
    }
    // The adversarial term changed the training (else the third part would repeat the first): by
    // 0.0042 here, 200 times the third part's tolerance (1e-4 x 0.176), so a discriminator that
    // drifted apart on the ranks would show.
    const WeightDistance advEffect = distance(dir + "/one_fixed/last.ckpt", dir + "/one_adv/last.ckpt");
    std::printf("--w-adv 5 against none (one process): norm %.4g, max %.3g\n", advEffect.norm, advEffect.maxAbs);
    EXPECT_GT(advEffect.norm, 1e-3);
}

/* A rank that dies (SIGKILL) or hangs (SIGSTOP) mid-run: rank 0 exits with code 4 and a message
naming the failed all-reduce: at once for the dead one (its connections close; --dist-timeout 60 s
is not waited for), after --dist-timeout 10 s for the hung one; its last checkpoint loads. */
TEST(Inpainting_TrainDistributed, killed_or_hung_rank_makes_rank_0_exit)
{
    const std::string dir = pconv_test::makeTempDir("dist_kill");
    ASSERT_EQ(pconv_test::writePhotoSet(dir + "/photos", 4, 48), 4);
    for (int sig : {SIGKILL, SIGSTOP})
    {
        const double timeout = sig == SIGKILL ? 60 : 10; // a dead peer's socket closes at once; a hung one is waited for
        const std::string out = dir + "/out" + std::to_string(sig);
        const std::string args = trainArgs(dir, out, 2, 100000) + " --checkpoint-every 1 --dist-timeout " +
                                 std::to_string((int)timeout);
        const int port = freePort();
        const std::string log0 = dir + "/kill" + std::to_string(sig) + "_0.log";
        const pid_t r0 = spawn(rankEnv(2, 0, port), args, log0);
        const pid_t r1 = spawn(rankEnv(2, 1, port), args, dir + "/kill" + std::to_string(sig) + "_1.log");
        // Wait until a few steps are done (the CSV has rows), then kill or stop rank 1.
        const auto t0 = std::chrono::steady_clock::now();
        while (secondsSince(t0) < 90)
        {
            const std::string csv = readText(out + "/train.csv");
            if (std::count(csv.begin(), csv.end(), '\n') >= 4)
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        ASSERT_TRUE(std::filesystem::exists(out + "/last.ckpt")) << readText(log0);
        ASSERT_EQ(kill(r1, sig), 0);
        const auto tKill = std::chrono::steady_clock::now();
        const int code = waitExit(r0, timeout + 30);
        const double took = secondsSince(tKill);
        kill(r1, SIGKILL);
        waitExit(r1, 10);
        const std::string log = readText(log0);
        EXPECT_EQ(code, 4) << log;
        if (sig == SIGKILL)
            EXPECT_LT(took, timeout / 2) << log; // the closed connection is seen at once, not after the timeout
        else
        {
            EXPECT_GT(took, timeout - 1) << log; // nothing tells a hung rank from a slow one but the timeout
            EXPECT_LT(took, timeout + 30) << log;
        }
        EXPECT_NE(log.find("rank 0 of 2: the all-reduce of"), std::string::npos) << log;
        EXPECT_NE(log.find("--dist-timeout"), std::string::npos) << log;
        std::printf("%s rank 1: rank 0 exited with %d after %.1f s: %s\n", sig == SIGKILL ? "killed" : "stopped", code,
                    took, log.substr(log.rfind("pconv_train: error")).c_str());
        pconv::CheckpointInfo info;
        EXPECT_NO_THROW(pconv::loadModel(out + "/last.ckpt", &info));
        EXPECT_GE(info.step, 1);
    }
}

TEST(Inpainting_TrainDistributed, bad_configuration_exits_2_with_a_message)
{
    const std::string dir = pconv_test::makeTempDir("dist_bad");
    ASSERT_EQ(pconv_test::writePhotoSet(dir + "/photos", 2, 40), 2);
    const std::string args = trainArgs(dir, dir + "/o", 2, 2);
    const int port = freePort();
    const std::string p = std::to_string(port);
    struct Case
    {
        std::vector<std::string> env;
        std::string extra, expect;
    };
    // A port with a listener that is not a rendezvous: rank 0 cannot serve on it.
    int busyPortNumber = 0;
    const int busy = boundSocket(INADDR_ANY, busyPortNumber);
    ASSERT_GE(busy, 0);
    ASSERT_EQ(listen(busy, 4), 0);
    const std::string busyPort = std::to_string(busyPortNumber);
    const std::vector<Case> cases = {
        {{"WORLD_SIZE=2", "RANK=2", "MASTER_ADDR=127.0.0.1", "MASTER_PORT=" + p}, "", "RANK must be in [0, WORLD_SIZE-1] = [0, 1], got 2"},
        {{"WORLD_SIZE=2", "RANK=-1", "MASTER_ADDR=127.0.0.1", "MASTER_PORT=" + p}, "", "RANK must be in"},
        {{"WORLD_SIZE=two", "RANK=0", "MASTER_ADDR=127.0.0.1", "MASTER_PORT=" + p}, "", "WORLD_SIZE='two' is not an integer"},
        {{"WORLD_SIZE=2", "RANK=0x1", "MASTER_ADDR=127.0.0.1", "MASTER_PORT=" + p}, "", "RANK='0x1' is not an integer"},
        {{"WORLD_SIZE=2", "MASTER_ADDR=127.0.0.1", "MASTER_PORT=" + p}, "", "WORLD_SIZE is set but RANK is not"},
        {{"WORLD_SIZE=2", "RANK=1", "MASTER_PORT=" + p}, "", "MASTER_ADDR is not set"},
        {{"WORLD_SIZE=2", "RANK=1", "MASTER_ADDR=127.0.0.1"}, "", "MASTER_PORT is not set"},
        {{"WORLD_SIZE=2", "RANK=1", "MASTER_ADDR=127.0.0.1", "MASTER_PORT=70000"}, "", "MASTER_PORT must be in [1, 65535]"},
        {{"WORLD_SIZE=2", "RANK=0", "MASTER_ADDR=127.0.0.1", "MASTER_PORT=" + busyPort}, " --dist-timeout 5",
         "could not serve the rendezvous"},
        // Rank 1 alone: nobody listens on the port.
        {{"WORLD_SIZE=2", "RANK=1", "MASTER_ADDR=127.0.0.1", "MASTER_PORT=" + p}, " --dist-timeout 3",
         "could not reach the rendezvous at 127.0.0.1:" + p},
        // Rank 0 alone: rank 1 never comes (Gloo's connection to it times out).
        {{"WORLD_SIZE=2", "RANK=0", "MASTER_ADDR=127.0.0.1", "MASTER_PORT=" + p}, " --dist-timeout 3",
         "rank 0 could not connect to the other ranks within --dist-timeout 3 s"},
        {{}, " --dist-timeout 0", "--dist-timeout must be in [1, 86400]"},
        {{}, " --dist-timeout nan", "--dist-timeout must be in [1, 86400]"},
    };
    for (const Case& c : cases)
    {
        const auto t0 = std::chrono::steady_clock::now();
        const std::string log = dir + "/bad.log";
        const int code = waitExit(spawn(c.env, args + c.extra, log), 60);
        const std::string text = readText(log);
        EXPECT_EQ(code, 2) << c.extra << "\n" << text;
        EXPECT_NE(text.find(c.expect), std::string::npos) << "expected '" << c.expect << "' in:\n" << text;
        EXPECT_LT(secondsSince(t0), 40) << text;
        EXPECT_FALSE(std::filesystem::exists(dir + "/o/last.ckpt"));
    }
    close(busy);
}

/* PCONV_TRAIN_FAIL_AT_STEP (the non-finite-loss hook) on rank 1 only: rank 0's loss is finite, yet
both stop as a diverged run (exit 3) before updating, and the checkpoint of step 2 stays. */
TEST(Inpainting_TrainDistributed, non_finite_loss_on_one_rank_stops_all)
{
    const std::string dir = pconv_test::makeTempDir("dist_nan");
    ASSERT_EQ(pconv_test::writePhotoSet(dir + "/photos", 4, 48), 4);
    const int port = freePort();
    const std::string args = trainArgs(dir, dir + "/o", 2, 6) + " --checkpoint-every 2";
    std::vector<std::string> env1 = rankEnv(2, 1, port);
    env1.push_back("PCONV_TRAIN_FAIL_AT_STEP=3");
    const pid_t r0 = spawn(rankEnv(2, 0, port), args, dir + "/r0.log");
    const pid_t r1 = spawn(env1, args, dir + "/r1.log");
    const int c0 = waitExit(r0, 110), c1 = waitExit(r1, 110);
    const std::string log0 = readText(dir + "/r0.log"), log1 = readText(dir + "/r1.log");
    EXPECT_EQ(c0, 3) << log0;
    EXPECT_EQ(c1, 3) << log1;
    EXPECT_NE(log0.find("the loss of another rank is not finite"), std::string::npos) << log0;
    EXPECT_EQ(pconv::readCheckpointInfo(dir + "/o/last.ckpt").step, 2);
}

/* --resume whatever the world size: 2 ranks for 2 steps, one process on to 4, then 2 ranks on to 6;
each continues from the step the last one saved. */
TEST(Inpainting_TrainDistributed, resume_across_world_sizes)
{
    const std::string dir = pconv_test::makeTempDir("dist_resume");
    ASSERT_EQ(pconv_test::writePhotoSet(dir + "/photos", 4, 48), 4);
    const std::string out = dir + "/o";
    std::vector<int> codes = runRanks(2, trainArgs(dir, out, 2, 2) + " --resume", dir + "/a");
    ASSERT_EQ(codes, (std::vector<int>{0, 0})) << readText(dir + "/a0.log") << readText(dir + "/a1.log");
    EXPECT_EQ(pconv::readCheckpointInfo(out + "/last.ckpt").step, 2);
    std::string text;
    ASSERT_EQ(pconv_test::runCommand("env -u WORLD_SIZE -u RANK " + pconv_test::toolPath() + " --threads 1 " +
                                         trainArgs(dir, out, 4, 4) + " --resume", text), 0) << text;
    EXPECT_NE(text.find("resuming from " + out + "/last.ckpt at step 2"), std::string::npos) << text;
    EXPECT_EQ(text.find("data-parallel"), std::string::npos) << text;
    EXPECT_EQ(pconv::readCheckpointInfo(out + "/last.ckpt").step, 4);
    codes = runRanks(2, trainArgs(dir, out, 2, 6) + " --resume", dir + "/b");
    ASSERT_EQ(codes, (std::vector<int>{0, 0})) << readText(dir + "/b0.log") << readText(dir + "/b1.log");
    EXPECT_NE(readText(dir + "/b0.log").find("at step 4"), std::string::npos) << readText(dir + "/b0.log");
    EXPECT_EQ(pconv::readCheckpointInfo(out + "/last.ckpt").step, 6);
    // The CSV of the three parts: one row per step, 1..6, images counting each part's global batch of 4.
    const std::string csv = readText(out + "/train.csv");
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 7) << csv;
}

} // namespace distributed_test
