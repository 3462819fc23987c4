// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// inpaint_batch as a cluster job runs it: shards that split a folder exactly, results equal to
// inpainting::inpaint, restart after a kill, bad pairs skipped, the scheduler's index variables.

#include "test_precomp.hpp"

#include <filesystem>
#include <fstream>

namespace opencv_test_inpainting {
namespace {

using namespace cv;
namespace fs = std::filesystem;

// Seven small photos (one 16-bit) with their masks, pairs named p0..p6.
std::string writePairs(const std::string& dir)
{
    const Mat photo = loadSamplePhoto("fruits.jpg");
    fs::create_directories(dir + "/images");
    fs::create_directories(dir + "/masks");
    for (int i = 0; i < 7; i++)
    {
        Mat small;
        resize(photo(Rect(30 * i, 20 * i, 300, 220)), small, Size(80, 60), 0, 0, INTER_AREA);
        if (i == 3)
            small.convertTo(small, CV_16U, 257.0);
        Mat mask = Mat::zeros(small.size(), CV_8UC1);
        circle(mask, Point(20 + 5 * i, 30), 6 + i, Scalar(255), FILLED);
        imwrite(dir + format("/images/p%d.png", i), small);
        imwrite(dir + format("/masks/p%d.png", i), mask);
    }
    return dir;
}

std::string batch(const std::string& dir, const std::string& extra)
{
    return binaryPath("inpaint_batch") + " --images=" + dir + "/images --masks=" + dir + "/masks --output=" + dir +
           "/out --method=telea" + extra;
}

std::vector<std::string> outputs(const std::string& dir)
{
    std::vector<std::string> names;
    if (fs::exists(dir + "/out"))
        for (const auto& e : fs::directory_iterator(dir + "/out"))
            names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

} // namespace

TEST(Inpainting_BatchCLI, shards_split_the_folder_and_results_equal_the_library)
{
    const std::string dir = writePairs(makeTempDir("batch_shards"));
    std::string out0, out1;
    ASSERT_EQ(runCommand(batch(dir, " --shard=0/2"), out0), 0) << out0;
    // Shard 0 of 2 takes pairs 0, 2, 4, 6 (sorted by name, dealt round-robin).
    EXPECT_EQ(outputs(dir), std::vector<std::string>({ "p0.png", "p2.png", "p4.png", "p6.png" }));
    EXPECT_NE(out0.find("shard 0/2 (--shard): 4 of 7 pairs, 4 done, 0 skipped, 0 failed"), std::string::npos) << out0;
    ASSERT_EQ(runCommand(batch(dir, " --shard=1/2"), out1), 0) << out1;
    EXPECT_EQ(outputs(dir).size(), 7u);
    for (int i = 0; i < 7; i++)
    {
        const Mat image = imread(dir + format("/images/p%d.png", i), IMREAD_UNCHANGED);
        const Mat mask = imread(dir + format("/masks/p%d.png", i), IMREAD_GRAYSCALE);
        const Mat result = imread(dir + format("/out/p%d.png", i), IMREAD_UNCHANGED);
        Mat expected;
        inpainting::inpaint(image, mask, expected, inpainting::INPAINT_TELEA);
        ASSERT_EQ(result.type(), image.type()) << i; // the 16-bit photo stays 16-bit
        EXPECT_EQ(maxAbsDiff(result, expected), 0.0) << i;
    }
    fs::remove_all(dir);
}

TEST(Inpainting_BatchCLI, a_rerun_skips_what_exists_and_redoes_what_is_missing)
{
    const std::string dir = writePairs(makeTempDir("batch_restart"));
    std::string out;
    ASSERT_EQ(runCommand(batch(dir, ""), out), 0) << out;
    // A job killed after some results: remove two of them, and leave a stale temporary file as a
    // kill during a write would.
    const Mat before = imread(dir + "/out/p1.png", IMREAD_UNCHANGED);
    fs::remove(dir + "/out/p1.png");
    fs::remove(dir + "/out/p5.png");
    { std::ofstream(dir + "/out/.p5.tmp123.png") << "half a file"; }
    ASSERT_EQ(runCommand(batch(dir, ""), out), 0) << out;
    EXPECT_NE(out.find("7 of 7 pairs, 2 done, 5 skipped, 0 failed"), std::string::npos) << out;
    EXPECT_EQ(maxAbsDiff(imread(dir + "/out/p1.png", IMREAD_UNCHANGED), before), 0.0);
    EXPECT_FALSE(imread(dir + "/out/p5.png", IMREAD_UNCHANGED).empty());
    fs::remove_all(dir);
}

TEST(Inpainting_BatchCLI, bad_pairs_are_reported_and_skipped)
{
    const std::string dir = writePairs(makeTempDir("batch_bad"));
    fs::remove(dir + "/masks/p2.png");                                                // no mask
    imwrite(dir + "/masks/p4.png", Mat::zeros(10, 10, CV_8UC1));                      // wrong size
    { std::ofstream(dir + "/images/p5.png") << "not an image"; }                     // unreadable
    imwrite(dir + "/masks/p6.bmp", Mat::zeros(60, 80, CV_8UC1));                      // two masks p6.*
    imwrite(dir + "/images/p0.jpg", imread(dir + "/images/p0.png"));                  // two images p0.*
    std::string out;
    EXPECT_EQ(runCommand(batch(dir, ""), out), 3) << out;
    EXPECT_NE(out.find("8 of 8 pairs, 2 done, 0 skipped, 6 failed"), std::string::npos) << out;
    EXPECT_NE(out.find("p2.png: failed: no mask named 'p2.*'"), std::string::npos) << out;
    EXPECT_NE(out.find("p4.png: failed: mask is 10x10, image is 80x60"), std::string::npos) << out;
    EXPECT_NE(out.find("p5.png: failed:"), std::string::npos) << out;
    EXPECT_NE(out.find("several masks have the stem 'p6'"), std::string::npos) << out;
    EXPECT_NE(out.find("another image has the stem 'p0'"), std::string::npos) << out;
    EXPECT_EQ(outputs(dir), std::vector<std::string>({ "p1.png", "p3.png" }));
    fs::remove_all(dir);
}

TEST(Inpainting_BatchCLI, shard_from_slurm_and_kubernetes_and_bad_shards)
{
    const std::string dir = writePairs(makeTempDir("batch_env"));
    std::string out;
    // Slurm array --array=1-5:2 has tasks 1, 3, 5: task 3 is shard 1 of 3 (pairs 1 and 4).
    ASSERT_EQ(runCommand("env SLURM_ARRAY_TASK_ID=3 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_STEP=2 "
                         "SLURM_ARRAY_TASK_COUNT=3 " + batch(dir, ""), out), 0) << out;
    EXPECT_NE(out.find("shard 1/3 (Slurm array): 2 of 7 pairs"), std::string::npos) << out;
    EXPECT_EQ(outputs(dir), std::vector<std::string>({ "p1.png", "p4.png" }));
    fs::remove_all(dir + "/out");
    ASSERT_EQ(runCommand("env JOB_COMPLETION_INDEX=2 " + batch(dir, " --shard-count=4"), out), 0) << out;
    EXPECT_NE(out.find("shard 2/4 (JOB_COMPLETION_INDEX): 2 of 7 pairs"), std::string::npos) << out;
    EXPECT_EQ(outputs(dir), std::vector<std::string>({ "p2.png", "p6.png" }));
    fs::remove_all(dir + "/out");

    const struct { std::string env, args, expect; } cases[] = {
        { "", " --shard=2/2", "--shard: index 2 is not below the count 2" },
        { "", " --shard=1", "--shard: expected i/n" },
        { "", " --shard=-1/2", "--shard: expected i/n" },
        { "", " --shard=0/0", "--shard: expected i/n" },
        { "", " --shard=a/b", "--shard: expected i/n" },
        { "JOB_COMPLETION_INDEX=1 ", "", "give --shard-count=N" },
        { "JOB_COMPLETION_INDEX=4 ", " --shard-count=4", "index 4 is not below the shard count 4" },
        { "JOB_COMPLETION_INDEX=x ", " --shard-count=4", "JOB_COMPLETION_INDEX='x' is not a non-negative integer" },
        { "SLURM_ARRAY_TASK_ID=2 ", "", "SLURM_ARRAY_TASK_COUNT is not" },
        { "SLURM_ARRAY_TASK_ID=2 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_STEP=2 SLURM_ARRAY_TASK_COUNT=3 ", "",
          "not on the array's grid" },
        { "", " --shard-count=-1", "--shard-count must be >= 1" },
        { "", " --ext=.xyz", "--ext: '.xyz' is not an image format" },
        { "", " --method=telea,ns", "--method: give exactly one method" },
        { "", " --threads=0", "--threads must be >= 1" },
    };
    for (const auto& c : cases)
    {
        EXPECT_EQ(runCommand("env " + c.env + batch(dir, c.args), out), 2) << c.env << c.args << "\n" << out;
        EXPECT_NE(out.find(c.expect), std::string::npos) << c.env << c.args << "\n" << out;
    }
    EXPECT_TRUE(outputs(dir).empty());
    fs::remove_all(dir);
}

} // namespace opencv_test_inpainting
