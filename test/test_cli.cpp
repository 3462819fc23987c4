// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The command-line samples as a user runs them: results, the CSV contract, exit code 2 for bad
// input with a one-line message.

#include "test_precomp.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sample_common.hpp"
#include "pconv_onnx_builder.hpp"

namespace opencv_test_inpainting {
namespace {

using namespace cv;
namespace fs = std::filesystem;

std::string readText(const std::string& path)
{
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> lines(const std::string& text)
{
    std::vector<std::string> out;
    std::stringstream s(text);
    std::string line;
    while (std::getline(s, line))
        if (!line.empty())
            out.push_back(line);
    return out;
}

// Writes a small photo folder and returns its path.
std::string writePhotos(const std::string& dir, int count)
{
    const Mat photo = loadSamplePhoto("fruits.jpg");
    fs::create_directories(dir + "/photos");
    for (int i = 0; i < count; i++)
    {
        Mat small;
        resize(photo(Rect(40 * i, 30 * i, 320, 240)), small, Size(96, 72), 0, 0, INTER_AREA);
        imwrite(dir + "/photos/" + format("img%02d.png", i), small);
    }
    return dir + "/photos";
}

} // namespace

TEST(Inpainting_CLI, inpaint_writes_result_with_known_pixels_unchanged)
{
    const std::string dir = makeTempDir("cli_inpaint");
    const Mat photo = loadSamplePhoto("baboon.jpg");
    ASSERT_FALSE(photo.empty());
    Mat mask = Mat::zeros(photo.size(), CV_8UC1);
    circle(mask, Point(200, 200), 30, Scalar(255), FILLED);
    imwrite(dir + "/in.png", photo);
    imwrite(dir + "/mask.png", mask);
    std::string out;
    const int rc = runCommand(binaryPath("inpaint") + " --image=" + dir + "/in.png --mask=" + dir +
                              "/mask.png --output=" + dir + "/out.png --method=ns", out);
    ASSERT_EQ(rc, 0) << out;
    const Mat result = imread(dir + "/out.png", IMREAD_UNCHANGED);
    ASSERT_EQ(result.size(), photo.size());
    Mat expected;
    inpainting::inpaint(photo, mask, expected, inpainting::INPAINT_NS);
    EXPECT_EQ(maxAbsDiff(result, expected), 0.0);
    // no temporary file left behind
    int files = 0;
    for (const auto& entry : fs::directory_iterator(dir))
        files += entry.is_regular_file();
    EXPECT_EQ(files, 3);
    fs::remove_all(dir);
}

TEST(Inpainting_CLI, inpaint_texture_is_pconv_patch_with_the_texture_setting)
{
    if (!inpainting::isMethodAvailable(inpainting::INPAINT_PCONV_PATCH))
        GTEST_SKIP() << "this build embeds no default model";
    const std::string dir = makeTempDir("cli_texture");
    Mat photo;
    resize(loadSamplePhoto("fruits.jpg"), photo, Size(160, 150), 0, 0, INTER_AREA);
    Mat mask;
    inpainting::MaskGenerator::create(inpainting::MASK_MIXED, 0.2, 0.3, 4)->generate(photo.size(), mask);
    imwrite(dir + "/in.png", photo);
    imwrite(dir + "/mask.png", mask);
    std::string out;
    const std::string args = " --image=" + dir + "/in.png --mask=" + dir + "/mask.png --method=pconv_patch";
    ASSERT_EQ(runCommand(binaryPath("inpaint") + args + " --texture --output=" + dir + "/t.png", out), 0) << out;
    ASSERT_EQ(runCommand(binaryPath("inpaint") + args + " --output=" + dir + "/d.png", out), 0) << out;
    Ptr<inpainting::PconvPatchInpainter> pp = inpainting::PconvPatchInpainter::create();
    pp->setSharpVote(true);
    pp->setGuideSigma(3);
    Mat expected;
    pp->apply(photo, mask, expected);
    EXPECT_EQ(maxAbsDiff(imread(dir + "/t.png"), expected), 0.0);
    EXPECT_GT(maxAbsDiff(imread(dir + "/d.png"), expected), 0.0); // without --texture: the defaults
    fs::remove_all(dir);
}

TEST(Inpainting_CLI, inpaint_bad_input_exits_2_with_one_line)
{
    const std::string dir = makeTempDir("cli_bad");
    const Mat photo(32, 32, CV_8UC3, Scalar::all(100));
    imwrite(dir + "/in.png", photo);
    imwrite(dir + "/mask.png", Mat::zeros(32, 32, CV_8UC1));
    imwrite(dir + "/small_mask.png", Mat::zeros(16, 32, CV_8UC1));
    { std::ofstream(dir + "/broken.png") << "not an image"; }
    const std::string bin = binaryPath("inpaint");
    const std::string ok = " --image=" + dir + "/in.png --mask=" + dir + "/mask.png";
    const struct { std::string args, expect; } cases[] = {
        { ok, "--output is required" },
        { ok + " --output=" + dir + "/o.png --method=bogus", "unknown method 'bogus'" },
        { " --image=" + dir + "/missing.png --mask=" + dir + "/mask.png --output=" + dir + "/o.png", "file not found" },
        { " --image=" + dir + "/broken.png --mask=" + dir + "/mask.png --output=" + dir + "/o.png", "cannot decode" },
        { " --image=" + dir + "/in.png --mask=" + dir + "/small_mask.png --output=" + dir + "/o.png", "same size" },
        { ok + " --output=/nonexistent_dir/o.png", "cannot write" },
        { ok + " --output=" + dir + "/o.png --method=telea --model=x.onnx", "--model only applies" },
        { ok + " --output=" + dir + "/o.png --method=pconv --texture", "--texture only applies to --method=pconv_patch" },
    };
    for (const auto& c : cases)
    {
        std::string out;
        EXPECT_EQ(runCommand(bin + c.args, out), 2) << c.args << "\n" << out;
        EXPECT_NE(out.find(c.expect), std::string::npos) << c.args << "\n" << out;
        EXPECT_EQ(lines(out).size(), 1u) << out;
    }
    EXPECT_FALSE(fs::exists(dir + "/o.png"));
    fs::remove_all(dir);
}

TEST(Inpainting_CLI, benchmark_csv_has_the_contracted_columns_and_rows)
{
    const std::string dir = makeTempDir("cli_bench");
    const std::string photos = writePhotos(dir, 3);
    std::string out;
    const int rc = runCommand(binaryPath("inpaint_benchmark") + " --images=" + photos +
                              " --generate=mixed --methods=telea,ns --masks-per-image=2 --seed=5 --csv=" + dir +
                              "/r.csv --grid=" + dir + "/grid.png", out);
    ASSERT_EQ(rc, 0) << out;
    const std::vector<std::string> csv = lines(readText(dir + "/r.csv"));
    ASSERT_GE(csv.size(), 3u);
    EXPECT_EQ(csv[0], "method,bucket,images,l1_hole,mse,psnr,psnr_hole,ssim,grad_ratio,swd,detail_err,ms_per_image");
    // 3 photos x 2 masks = masks n = 0..5, one per generated bucket (0.01-0.1 ... 0.5-0.6).
    for (const std::string method : { "telea", "ns" })
    {
        int bucketRows = 0, allImages = -1;
        for (const std::string& row : csv)
        {
            if (row.rfind(method + ",", 0) != 0)
                continue;
            std::vector<std::string> cells;
            std::stringstream s(row);
            std::string cell;
            while (std::getline(s, cell, ','))
                cells.push_back(cell);
            ASSERT_EQ(cells.size(), 12u) << row;
            const double gradientRatio = std::stod(cells[8]), swd = std::stod(cells[9]), detailError = std::stod(cells[10]);
            EXPECT_GT(gradientRatio, 0.0) << row;
            EXPECT_LT(gradientRatio, 3.0) << row;
            EXPECT_GT(swd, 0.0) << row; // no method reproduces the truth
            EXPECT_GT(detailError, 0.0) << row;
            EXPECT_LT(detailError, 3.0) << row;
            if (cells[1] == "all")
                allImages = std::stoi(cells[2]);
            else
            {
                bucketRows++;
                EXPECT_EQ(cells[2], "1") << row;
                const double mse = std::stod(cells[4]), psnr = std::stod(cells[5]);
                EXPECT_GT(psnr, 10.0);
                EXPECT_LT(psnr, 60.0);
                // One image per bucket row: its PSNR is that of its MSE (to the printed digits).
                EXPECT_NEAR(psnr, 10 * std::log10(1 / mse), 0.01) << row;
            }
        }
        EXPECT_EQ(bucketRows, 6) << method;
        EXPECT_EQ(allImages, 6) << method;
    }
    const Mat grid = imread(dir + "/grid.png");
    ASSERT_FALSE(grid.empty());
    EXPECT_GT(grid.cols, 4 * grid.rows / 4); // input | telea | ns | truth side by side
    fs::remove_all(dir);
}

TEST(Inpainting_CLI, benchmark_fid_and_perceptual_columns_with_user_networks)
{
    const std::string dir = makeTempDir("cli_fid");
    const std::string photos = writePhotos(dir, 3);
    const Mat weights = (Mat_<float>(4, 3) << 0.5f, -0.25f, 1.0f, -0.75f, 0.5f, 0.25f, 0.3f, 0.3f, 0.3f, 1.0f, -1.0f, 0.0f);
    const Mat bias = (Mat_<float>(1, 4) << 0.1f, 0.2f, -0.05f, 0.0f);
    const std::string net = dir + "/net.onnx";
    pconv_builder::writeBytes(net, pconv_builder::serialize(pconv_builder::featureModel(weights, bias, 16, "Relu", false)));
    std::string out;
    ASSERT_EQ(runCommand(binaryPath("inpaint_benchmark") + " --images=" + photos + " --generate=mixed --methods=telea " +
                         "--masks-per-image=2 --fid-model=" + net + " --fid-size=16 --perceptual-model=" + net +
                         " --perceptual-size=16 --csv=" + dir + "/r.csv", out), 0) << out;
    const std::vector<std::string> csv = lines(readText(dir + "/r.csv"));
    ASSERT_GE(csv.size(), 2u);
    EXPECT_EQ(csv[0], "method,bucket,images,l1_hole,mse,psnr,psnr_hole,ssim,grad_ratio,swd,detail_err,fid,perceptual,ms_per_image");
    int rows = 0;
    for (size_t i = 1; i < csv.size(); i++)
    {
        std::vector<std::string> cells;
        std::stringstream s(csv[i]);
        std::string cell;
        while (std::getline(s, cell, ','))
            cells.push_back(cell);
        ASSERT_EQ(cells.size(), 14u) << csv[i];
        rows++;
        if (cells[1] == "all")
        {
            EXPECT_EQ(cells[2], "6");
            EXPECT_GT(std::stod(cells[11]), 0.0) << csv[i]; // 6 results against 6 truths
        }
        else
            EXPECT_EQ(cells[11], "nan") << csv[i]; // one image per bucket: no covariance
        EXPECT_GT(std::stod(cells[12]), 0.0) << csv[i];
    }
    EXPECT_EQ(rows, 7);
    fs::remove_all(dir);
}

TEST(Inpainting_CLI, benchmark_offset_keeps_the_masks_of_the_whole_run)
{
    // 3 photos with generated masks (mask n aims at bucket n mod 6): photo 1 gets mask 1, bucket
    // (0.1, 0.2], in a run over all photos; run alone with --offset=1 --limit=1 it must get the
    // same mask, so its row equals that bucket's row of the whole run (timing aside).
    const std::string dir = makeTempDir("cli_offset");
    const std::string photos = writePhotos(dir, 3);
    const std::string bench = binaryPath("inpaint_benchmark") + " --images=" + photos + " --generate=mixed --methods=telea --seed=3";
    std::string out;
    ASSERT_EQ(runCommand(bench + " --csv=" + dir + "/all.csv", out), 0) << out;
    ASSERT_EQ(runCommand(bench + " --offset=1 --limit=1 --csv=" + dir + "/one.csv", out), 0) << out;
    EXPECT_NE(out.find("[2/2]"), std::string::npos) << out; // progress counts in the whole folder
    auto rowsOf = [&](const std::string& path) {
        std::map<std::string, std::string> rows; // bucket -> row without the time column
        for (const std::string& row : lines(readText(path)))
        {
            std::vector<std::string> cells;
            std::stringstream s(row);
            std::string cell;
            while (std::getline(s, cell, ','))
                cells.push_back(cell);
            if (cells.size() == 12 && cells[0] == "telea")
                rows[cells[1]] = row.substr(0, row.rfind(','));
        }
        return rows;
    };
    const auto all = rowsOf(dir + "/all.csv"), one = rowsOf(dir + "/one.csv");
    ASSERT_EQ(one.size(), 2u) << readText(dir + "/one.csv"); // its bucket and "all"
    ASSERT_TRUE(one.count("0.1-0.2")) << readText(dir + "/one.csv");
    ASSERT_TRUE(all.count("0.1-0.2")) << readText(dir + "/all.csv");
    EXPECT_EQ(one.at("0.1-0.2"), all.at("0.1-0.2"));
    fs::remove_all(dir);
}

TEST(Inpainting_CLI, grid_by_width_fills_columns_with_portrait_and_landscape_photos)
{
    // A landscape (60x40) and a portrait (40x60) photo in one benchmark picture: by width, both
    // rows fill the 90 px columns (the portrait row is taller) and nothing is left white.
    const Mat landscape(40, 60, CV_8UC3, Scalar(20, 120, 200)), portrait(60, 40, CV_8UC3, Scalar(200, 60, 10));
    const Mat grid = inpainting_samples::makeGrid({ { landscape, landscape }, { portrait, portrait } }, { "a", "b" }, 0, 90);
    const int gap = 4, header = 28;
    ASSERT_EQ(grid.cols, gap + 2 * (90 + gap));
    ASSERT_EQ(grid.rows, header + gap + (60 + gap) + (135 + gap));
    for (int c = 0; c < 2; c++)
    {
        const int x0 = gap + c * (90 + gap);
        // Both corners of each tile are photo, not background.
        EXPECT_EQ(grid.at<Vec3b>(header + 1, x0 + 88), Vec3b(20, 120, 200));
        EXPECT_EQ(grid.at<Vec3b>(header + 60 + gap + 133, x0 + 1), Vec3b(200, 60, 10));
        EXPECT_EQ(grid.at<Vec3b>(header + 60 + gap + 133, x0 + 88), Vec3b(200, 60, 10));
    }
    // By height (inpaint_compare's layout) every tile keeps the given height.
    const Mat byHeight = inpainting_samples::makeGrid({ { landscape }, { portrait } }, { "a" }, 50);
    EXPECT_EQ(byHeight.rows, header + gap + 2 * (50 + gap));
    EXPECT_EQ(byHeight.cols, gap + 75 + gap);
}

TEST(Inpainting_CLI, benchmark_pairs_images_with_masks_in_order)
{
    // Masks with hole ratios 5%, 15%, 25% (buckets 0, 1, 2); 2 photos, K=2: photo 0 gets masks
    // 0 and 1, photo 1 gets masks 2 and 0 -> bucket counts 2, 1, 1.
    const std::string dir = makeTempDir("cli_pairs");
    const std::string photos = writePhotos(dir, 2);
    fs::create_directories(dir + "/masks");
    const double ratios[] = { 0.05, 0.15, 0.25 };
    for (int i = 0; i < 3; i++)
    {
        Mat mask = Mat::zeros(100, 100, CV_8UC1); // resized to 96x72 with nearest neighbour
        mask(Rect(0, 0, 100, cvRound(ratios[i] * 100))).setTo(255);
        imwrite(dir + format("/masks/m%d.png", i), mask);
    }
    std::string out;
    ASSERT_EQ(runCommand(binaryPath("inpaint_benchmark") + " --images=" + photos + " --masks=" + dir +
                         "/masks --methods=telea --masks-per-image=2 --csv=" + dir + "/r.csv", out), 0) << out;
    const std::string csv = readText(dir + "/r.csv");
    EXPECT_NE(csv.find("telea,0.01-0.1,2,"), std::string::npos) << csv;
    EXPECT_NE(csv.find("telea,0.1-0.2,1,"), std::string::npos) << csv;
    EXPECT_NE(csv.find("telea,0.2-0.3,1,"), std::string::npos) << csv;
    EXPECT_NE(csv.find("telea,all,4,"), std::string::npos) << csv;
    fs::remove_all(dir);
}

TEST(Inpainting_CLI, benchmark_bad_input_exits_2)
{
    const std::string dir = makeTempDir("cli_bench_bad");
    fs::create_directories(dir + "/empty");
    const std::string bin = binaryPath("inpaint_benchmark");
    const struct { std::string args, expect; } cases[] = {
        { " --images=" + dir + "/empty --generate=mixed", "holds no image files" },
        { " --images=" + dir + "/nope --generate=mixed", "not a folder" },
        { " --images=" + dir + " --generate=blobs", "unknown mask kind" },
        { " --images=" + dir, "exactly one of --masks" },
        { " --images=" + dir + " --generate=rect --methods=telea,foo", "unknown method 'foo'" },
        { " --images=" + dir + " --generate=rect --masks-per-image=0", "--masks-per-image" },
    };
    for (const auto& c : cases)
    {
        std::string out;
        EXPECT_EQ(runCommand(bin + c.args, out), 2) << c.args << "\n" << out;
        EXPECT_NE(out.find(c.expect), std::string::npos) << c.args << "\n" << out;
    }
    fs::remove_all(dir);
}

TEST(Inpainting_CLI, compare_writes_side_by_side_picture)
{
    const std::string dir = makeTempDir("cli_compare");
    std::string out;
    ASSERT_EQ(runCommand(binaryPath("inpaint_compare") + " --image=" + samplePhotoDir() +
                         "/fruits.jpg --methods=telea,ns --hole=0.1 --output=" + dir + "/c.png --results=" + dir, out), 0) << out;
    const Mat picture = imread(dir + "/c.png");
    ASSERT_FALSE(picture.empty());
    const Mat photo = loadSamplePhoto("fruits.jpg");
    const Mat mask = imread(dir + "/mask.png", IMREAD_GRAYSCALE);
    ASSERT_EQ(mask.size(), photo.size());
    EXPECT_NEAR(inpainting::holeRatio(mask), 0.1, 0.006);
    const Mat telea = imread(dir + "/telea.png");
    Mat expected;
    inpainting::inpaint(photo, mask, expected, inpainting::INPAINT_TELEA);
    ASSERT_EQ(telea.size(), photo.size());
    EXPECT_EQ(maxAbsDiff(telea, expected), 0.0);
    EXPECT_NE(out.find("telea"), std::string::npos);
    fs::remove_all(dir);
}

} // namespace opencv_test_inpainting

namespace opencv_test_inpainting {

// inpaint --extend: the same bytes as extendImage() with the same method.
TEST(Inpainting_CLI, inpaint_extend_matches_extendImage)
{
    const std::string dir = makeTempDir("cli_extend");
    Mat photo = loadSamplePhoto("fruits.jpg");
    ASSERT_FALSE(photo.empty());
    resize(photo, photo, Size(80, 60), 0, 0, INTER_AREA);
    imwrite(dir + "/in.png", photo);
    std::string out;
    ASSERT_EQ(runCommand(binaryPath("inpaint") + " --image=" + dir + "/in.png --extend=2,4,6,8 --method=telea --output=" +
                         dir + "/wide.png", out), 0) << out;
    Mat expected;
    inpainting::extendImage(photo, expected, 2, 4, 6, 8, inpainting::INPAINT_TELEA);
    const Mat wide = imread(dir + "/wide.png", IMREAD_UNCHANGED);
    ASSERT_EQ(wide.size(), Size(80 + 14, 60 + 6));
    EXPECT_TRUE(sameBytes(wide, expected));
    ASSERT_EQ(runCommand(binaryPath("inpaint") + " --image=" + dir + "/in.png --extend=5 --method=ns --output=" + dir +
                         "/all.png", out), 0) << out;
    inpainting::extendImage(photo, expected, 5, 5, 5, 5, inpainting::INPAINT_NS);
    EXPECT_TRUE(sameBytes(imread(dir + "/all.png", IMREAD_UNCHANGED), expected));
    fs::remove_all(dir);
}

// inpaint_benchmark: the new mask kinds, and --frame with edge replication as a baseline whose
// numbers are checked against the metrics computed here.
TEST(Inpainting_CLI, benchmark_polygons_border_and_frame)
{
    const std::string dir = makeTempDir("cli_bench_kinds");
    const std::string photos = writePhotos(dir, 2);
    std::string out;
    for (const char* kind : { "polygons", "border" })
    {
        ASSERT_EQ(runCommand(binaryPath("inpaint_benchmark") + " --images=" + photos + " --generate=" + kind +
                             " --methods=telea --csv=" + dir + "/" + kind + ".csv", out), 0) << out;
        std::ifstream csv(dir + "/" + kind + ".csv");
        std::stringstream s;
        s << csv.rdbuf();
        EXPECT_NE(s.str().find("telea,all,2,"), std::string::npos) << s.str();
    }
    ASSERT_EQ(runCommand(binaryPath("inpaint_benchmark") + " --images=" + photos +
                         " --frame=6 --methods=replicate,telea --csv=" + dir + "/frame.csv", out), 0) << out;
    std::ifstream csv(dir + "/frame.csv");
    std::string line, replicateAll;
    while (std::getline(csv, line))
        if (line.rfind("replicate,all,", 0) == 0)
            replicateAll = line;
    ASSERT_FALSE(replicateAll.empty()) << out;
    // The mean PSNR of edge replication over the two photos, computed here.
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(photos))
        files.push_back(e.path().string());
    double psnr = 0;
    for (const std::string& f : files)
    {
        const Mat truth = imread(f, IMREAD_COLOR);
        Mat mask(truth.size(), CV_8UC1, Scalar(255)), result;
        mask(Rect(6, 6, truth.cols - 12, truth.rows - 12)).setTo(0);
        copyMakeBorder(truth(Rect(6, 6, truth.cols - 12, truth.rows - 12)), result, 6, 6, 6, 6,
                       BORDER_REPLICATE | BORDER_ISOLATED); // a ROI: replicate its own edge
        psnr += inpainting::evaluate(result, truth, mask).psnr / files.size();
    }
    // Columns: method,bucket,images,l1_hole,mse,psnr,...
    std::stringstream cells(replicateAll);
    std::string cell;
    for (int i = 0; i < 6; i++)
        std::getline(cells, cell, ',');
    EXPECT_NEAR(std::stod(cell), psnr, 1.5e-3) << replicateAll; // printed with 3 decimals
    fs::remove_all(dir);
}

} // namespace opencv_test_inpainting
