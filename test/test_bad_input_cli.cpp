// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The command-line rows of the bad-input matrix (doc/bad_input.md): each cell runs the program as a
// user would and checks its exit code (2 = bad input, one line on stderr) and output.

#include "test_precomp.hpp"
#include "bad_input_matrix.hpp"

#include <filesystem>
#include <fstream>

namespace opencv_test_inpainting {

using namespace cv;
namespace fs = std::filesystem;

namespace {

const Size kSize(32, 24);
const Rect kHole(10, 8, 9, 7);

// The files every CLI cell may use, written once per row into its scratch folder.
struct Files
{
    std::string dir, image, image16, mask, empty, missing, nan, twoChannels, wideDepth, mask16, softMask,
                allHole, noHole, one, oneMask, odd, oddMask, smallMask, garbageModel, truncatedModel,
                unwritable;
};

Files writeFiles(const std::string& dir)
{
    Files f;
    f.dir = dir;
    auto path = [&](const std::string& name) { return dir + "/" + name; };
    const Mat image = rampImage(kSize, CV_8UC3), mask = holeMask(kSize, kHole);
    imwrite(f.image = path("in.png"), image);
    imwrite(f.mask = path("mask.png"), mask);
    imwrite(f.image16 = path("in16.png"), rampImage(kSize, CV_16UC3));
    writeBytes(f.empty = path("empty.png"), "");
    f.missing = path("missing.png");
    Mat nan = rampImage(kSize, CV_32FC3);
    nan.at<Vec3f>(1, 1)[0] = std::numeric_limits<float>::quiet_NaN();
    imwrite(f.nan = path("nan.pfm"), nan);
    // imwrite refuses 2 channels; a PAM with a gray+alpha tuple decodes as CV_8UC2.
    std::string pam = format("P7\nWIDTH %d\nHEIGHT %d\nDEPTH 2\nMAXVAL 255\nTUPLTYPE GRAYSCALE_ALPHA\nENDHDR\n",
                             kSize.width, kSize.height);
    pam += std::string((size_t)kSize.area() * 2, '\x40');
    writeBytes(f.twoChannels = path("two.pam"), pam);
    imwrite(f.wideDepth = path("double.tiff"), Mat(kSize, CV_64FC1, Scalar(0.5)));
    Mat mask16;
    Mat(mask / 255).convertTo(mask16, CV_16U); // hole = 1 in a 16-bit file
    imwrite(f.mask16 = path("mask16.png"), mask16);
    Mat soft = mask / 255 * 3; // hole = 3
    soft.at<uchar>(kHole.y, kHole.x) = 200;
    imwrite(f.softMask = path("soft.png"), soft);
    imwrite(f.allHole = path("all.png"), Mat(kSize, CV_8UC1, Scalar(255)));
    imwrite(f.noHole = path("none.png"), Mat::zeros(kSize, CV_8UC1));
    imwrite(f.one = path("one.png"), Mat(1, 1, CV_8UC3, Scalar(10, 20, 30)));
    imwrite(f.oneMask = path("one_mask.png"), Mat(1, 1, CV_8UC1, Scalar(255)));
    imwrite(f.odd = path("odd.png"), rampImage(Size(13, 7), CV_8UC3));
    imwrite(f.oddMask = path("odd_mask.png"), holeMask(Size(13, 7), Rect(5, 2, 3, 3)));
    imwrite(f.smallMask = path("small_mask.png"), Mat::zeros(kSize.height - 1, kSize.width, CV_8UC1));
    writeBytes(f.garbageModel = path("garbage.onnx"), "\x08\x07this is not an ONNX model\xff\xfe");
    writeBytes(f.truncatedModel = path("truncated.onnx"), std::string("\x08\x07\x12\x04", 4));
    // A path under a regular file can never be created, even as root.
    f.unwritable = f.image + "/out.png";
    return f;
}

std::string bin(const std::string& name) { return binaryPath(name) + " "; }

Mat readBack(const std::string& path) { return imread(path, IMREAD_UNCHANGED); }

// ---- inpaint ------------------------------------------------------------------------------------

std::string inpaintCmd(const Files& f, const std::string& image, const std::string& mask, const std::string& extra = "")
{
    return bin("inpaint") + "--image=" + image + " --mask=" + mask + " --output=" + f.dir + "/out.png " + extra;
}

BadInputRegistrar inpaintCliRow("inpaint CLI", {
    { "empty", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(inpaintCmd(f, f.empty, f.mask), 2, "--image: cannot decode image");
        expectCli(inpaintCmd(f, f.image, f.empty), 2, "--mask: cannot decode image");
        // A corrupt DICOM-like file aborted the process inside OpenCV's DICOM reader (GDCM).
        writeBytes(dir + "/dicom.png", dicomAbortBytes());
        expectCli(inpaintCmd(f, dir + "/dicom.png", f.mask), 2, "--image: cannot decode image");
        // The same marker behind a photo format's signature (PNM here) is refused too, before any
        // decoder runs (the programs share the trainer's checks: tools/common/image_files.hpp).
        writeBytes(dir + "/dicom.ppm", dicomAbortBytes("regress_dicom_after_pnm"));
        expectCli(inpaintCmd(f, dir + "/dicom.ppm", f.mask), 2, "has a DICOM marker");
        expectCli(bin("inpaint") + "--mask=" + f.mask + " --output=" + dir + "/out.png", 2, "--image is required");
        expectCli(bin("inpaint") + "--image=" + f.image + " --mask=" + f.mask, 2, "--output is required");
        EXPECT_FALSE(fs::exists(dir + "/out.png"));
    } },
    { "size", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(inpaintCmd(f, f.image, f.smallMask), 2, "same size");
    } },
    { "depth", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(inpaintCmd(f, f.wideDepth, f.mask), 2, "'src' must be CV_8U, CV_16U or CV_32F, got CV_64F");
        // A 16-bit mask with hole value 1 keeps its hole (it used to be scaled to 8 bits, losing it).
        expectCli(inpaintCmd(f, f.image, f.mask16), 0, "hole 8.2%");
        Mat expected;
        inpainting::inpaint(imread(f.image, IMREAD_UNCHANGED), holeMask(kSize, kHole), expected, inpainting::INPAINT_TELEA);
        EXPECT_EQ(maxAbsDiff(readBack(dir + "/out.png"), expected), 0.0);
    } },
    { "channels", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(inpaintCmd(f, f.twoChannels, f.mask), 2, "'src' must have 1, 3 or 4 channels, got 2");
    } },
    { "NaN/Inf", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(inpaintCmd(f, f.nan, f.mask), 2, "'src' contains NaN or Inf");
    } },
    { "non-binary mask", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(inpaintCmd(f, f.image, f.softMask, "--method=ns"), 0, "wrote");
        Mat expected;
        inpainting::inpaint(imread(f.image, IMREAD_UNCHANGED), holeMask(kSize, kHole), expected, inpainting::INPAINT_NS);
        EXPECT_EQ(maxAbsDiff(readBack(dir + "/out.png"), expected), 0.0);
    } },
    { "all-hole", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(inpaintCmd(f, f.image, f.allHole), 0, "hole 100.0%");
        EXPECT_EQ(maxAbsDiff(readBack(dir + "/out.png"), Mat(kSize, CV_8UC3, Scalar::all(128))), 0.0);
    } },
    { "no-hole", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(inpaintCmd(f, f.image, f.noHole), 0, "hole 0.0%");
        EXPECT_EQ(maxAbsDiff(readBack(dir + "/out.png"), imread(f.image, IMREAD_UNCHANGED)), 0.0);
    } },
    { "1x1", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(inpaintCmd(f, f.one, f.oneMask), 0, "wrote");
        const Mat out = readBack(dir + "/out.png");
        ASSERT_EQ(out.size(), Size(1, 1));
        EXPECT_EQ(out.at<Vec3b>(0, 0), Vec3b(128, 128, 128));
    } },
    { "odd size", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(inpaintCmd(f, f.odd, f.oddMask), 0, "wrote");
        EXPECT_TRUE(sameKnownPixels(readBack(dir + "/out.png"), imread(f.odd, IMREAD_UNCHANGED), imread(f.oddMask, IMREAD_GRAYSCALE)));
    } },
    { "bad model", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        for (const std::string& model : { f.garbageModel, f.truncatedModel, f.empty, f.image })
            expectCli(inpaintCmd(f, f.image, f.mask, "--method=pconv --model=" + model), 2, "model");
        expectCli(inpaintCmd(f, f.image, f.mask, "--method=telea --model=" + f.garbageModel), 2, "--model only applies to --method=pconv");
        expectCli(inpaintCmd(f, f.image, f.mask, "--method=telea --texture"), 2, "--texture only applies to --method=pconv_patch");
        EXPECT_FALSE(fs::exists(dir + "/out.png"));
    } },
    { "missing file", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(inpaintCmd(f, f.missing, f.mask), 2, "--image: file not found");
        expectCli(inpaintCmd(f, f.image, f.missing), 2, "--mask: file not found");
        expectCli(inpaintCmd(f, f.image, f.mask, "--method=pconv --model=" + f.missing), 2, "model");
    } },
    { "unwritable output", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(bin("inpaint") + "--image=" + f.image + " --mask=" + f.mask + " --output=" + f.unwritable, 2, "cannot write");
        expectCli(bin("inpaint") + "--image=" + f.image + " --mask=" + f.mask + " --output=" + dir, 2, "cannot write");
        // Nothing half-written is left behind.
        for (const auto& entry : fs::directory_iterator(dir))
            EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos) << entry.path();
    } },
    { "bad value", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(inpaintCmd(f, f.image, f.mask, "--method=bogus"), 2, "unknown method 'bogus'");
        // --extend: N or top,bottom,left,right, integers >= 0, instead of --mask.
        const std::string extendCmd = bin("inpaint") + "--image=" + f.image + " --output=" + dir + "/wide.png ";
        for (const char* bad : { "-3", "1,2", "a", "1,2,3,4,5", "1,,2,3", "4,", "1.5" })
            expectCli(extendCmd + "--extend=" + bad, 2, "--extend: expected N or top,bottom,left,right (integers >= 0)");
        expectCli(extendCmd + "--extend=4 --mask=" + f.mask, 2, "give either --mask (fill holes) or --extend");
        expectCli(extendCmd + "--extend=4 --method=pconv --model=" + f.garbageModel, 2, "--model does not combine with --extend");
        expectCli(extendCmd + "--extend=70000,0,0,0", 2, "extendImage: the result would be");
        EXPECT_FALSE(fs::exists(dir + "/wide.png"));
        expectCli(bin("inpaint") + "--image=" + f.image + " --mask=" + f.mask + " --output=" + dir + "/out.xyz", 2, "cannot write image");
        EXPECT_FALSE(fs::exists(dir + "/out.xyz"));
    } },
});

// ---- inpaint_compare ----------------------------------------------------------------------------

std::string compareCmd(const Files& f, const std::string& image, const std::string& extra = "")
{
    return bin("inpaint_compare") + "--image=" + image + " --methods=telea,ns --output=" + f.dir + "/cmp.png " + extra;
}

BadInputRegistrar compareCliRow("inpaint_compare CLI", {
    { "empty", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(compareCmd(f, f.empty), 2, "--image: cannot decode image");
        expectCli(compareCmd(f, f.image, "--mask=" + f.empty), 2, "--mask: cannot decode image");
        expectCli(bin("inpaint_compare") + "--output=" + dir + "/cmp.png", 2, "--image is required");
        expectCli(bin("inpaint_compare") + "--image=" + f.image, 2, "--output is required");
    } },
    { "size", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(compareCmd(f, f.image, "--mask=" + f.smallMask), 2, "--mask: size differs from --image");
    } },
    { "depth", [](const std::string& dir) {
        // Photos are read as 8-bit BGR (the tool compares photos): 16-bit is converted, a 64-bit
        // float TIFF cannot be read that way.
        const Files f = writeFiles(dir);
        expectCli(compareCmd(f, f.image16), 0, "wrote");
        expectCli(compareCmd(f, f.wideDepth), 2, "--image: cannot decode image");
        expectCli(compareCmd(f, f.image, "--mask=" + f.mask16), 0, "hole 8.2%");
    } },
    { "channels", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(compareCmd(f, f.twoChannels), 0, "wrote");
    } },
    { "NaN/Inf", [](const std::string& dir) {
        // Read as 8-bit BGR: OpenCV's conversion has already turned the NaN into a number.
        const Files f = writeFiles(dir);
        expectCli(compareCmd(f, f.nan), 0, "wrote");
    } },
    { "non-binary mask", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(compareCmd(f, f.image, "--mask=" + f.softMask + " --results=" + dir + "/r"), 0, "hole 8.2%");
        Mat expected;
        inpainting::inpaint(imread(f.image), holeMask(kSize, kHole), expected, inpainting::INPAINT_TELEA);
        EXPECT_EQ(maxAbsDiff(imread(dir + "/r/telea.png"), expected), 0.0);
    } },
    { "all-hole", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(compareCmd(f, f.image, "--mask=" + f.allHole), 0, "hole 100.0%");
    } },
    { "no-hole", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(compareCmd(f, f.image, "--mask=" + f.noHole), 0, "100.00");
    } },
    { "1x1", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(compareCmd(f, f.one), 0, "hole 100.0%");
        expectCli(compareCmd(f, f.one, "--mask=" + f.oneMask), 0, "nan"); // SSIM undefined below 11x11
    } },
    { "odd size", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(compareCmd(f, f.odd, "--mask=" + f.oddMask), 0, "wrote");
        EXPECT_EQ(imread(dir + "/cmp.png").rows, 7 + 28 + 8); // header + one row of tiles + gaps
    } },
    { "bad model", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        for (const std::string& model : { f.garbageModel, f.truncatedModel })
            expectCli(bin("inpaint_compare") + "--image=" + f.image + " --methods=pconv --model=" + model +
                      " --output=" + dir + "/cmp.png", 2, "model");
        EXPECT_FALSE(fs::exists(dir + "/cmp.png"));
    } },
    { "missing file", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(compareCmd(f, f.missing), 2, "--image: file not found");
        expectCli(compareCmd(f, f.image, "--mask=" + f.missing), 2, "--mask: file not found");
    } },
    { "unwritable output", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(bin("inpaint_compare") + "--image=" + f.image + " --methods=telea --output=" + f.unwritable, 2, "cannot write");
        expectCli(compareCmd(f, f.image, "--results=" + f.unwritable), 2, "");
    } },
    { "bad value", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        for (const char* hole : { "0", "1", "1.5", "-0.2" })
            expectCli(compareCmd(f, f.image, std::string("--hole=") + hole), 2, "--hole must be in (0, 1)");
        expectCli(compareCmd(f, f.image, "--hole=nan"), 2, "invalid arguments");
        expectCli(compareCmd(f, f.image, "--seed=x"), 2, "invalid arguments");
        expectCli(compareCmd(f, f.image, "--generate=blobs"), 2, "unknown mask kind 'blobs'");
        expectCli(bin("inpaint_compare") + "--image=" + f.image + " --methods=telea,foo --output=" + dir + "/c.png", 2,
                  "unknown method 'foo'");
    } },
});

// ---- inpaint_benchmark --------------------------------------------------------------------------

// A folder holding one file (copied from `file`), for --images / --masks.
std::string folderWith(const std::string& dir, const std::string& name, const std::string& file)
{
    const std::string folder = dir + "/" + name;
    fs::create_directories(folder);
    fs::copy_file(file, folder + "/" + fs::path(file).filename().string(), fs::copy_options::overwrite_existing);
    return folder;
}

std::string benchCmd(const std::string& images, const std::string& extra)
{
    return bin("inpaint_benchmark") + "--images=" + images + " --methods=telea " + extra;
}

BadInputRegistrar benchmarkCliRow("inpaint_benchmark CLI", {
    { "empty", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        fs::create_directories(dir + "/nothing");
        expectCli(benchCmd(dir + "/nothing", "--generate=rect"), 2, "--images: folder '" + dir + "/nothing' holds no image files");
        expectCli(benchCmd(folderWith(dir, "zero", f.empty), "--generate=rect"), 2, "--images: cannot decode image");
        expectCli(benchCmd(folderWith(dir, "photos", f.image), "--masks=" + folderWith(dir, "zero_masks", f.empty)), 2,
                  "--masks: cannot decode image");
        expectCli(bin("inpaint_benchmark") + "--generate=rect", 2, "--images is required");
    } },
    { "size", [](const std::string& dir) {
        // Masks of another size are resized to each photo with nearest neighbour (documented).
        const Files f = writeFiles(dir);
        expectCli(benchCmd(folderWith(dir, "photos", f.image), "--masks=" + folderWith(dir, "m", f.smallMask) +
                  " --csv=" + dir + "/b.csv"), 0, "wrote");
    } },
    { "depth", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(benchCmd(folderWith(dir, "photos", f.image16), "--generate=rect"), 0, "telea");
        expectCli(benchCmd(folderWith(dir, "wide", f.wideDepth), "--generate=rect"), 2, "--images: cannot decode image");
        // The 16-bit mask with hole value 1 keeps its hole: ratio 63/768 = 8.2%, bucket 0.01-0.1.
        expectCli(benchCmd(folderWith(dir, "p2", f.image), "--masks=" + folderWith(dir, "m16", f.mask16)), 0, "0.01-0.1");
    } },
    { "channels", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        fs::create_directories(dir + "/pam");
        fs::copy_file(f.twoChannels, dir + "/pam/two.ppm"); // listed by extension; decoded by content
        expectCli(benchCmd(dir + "/pam", "--generate=rect"), 0, "telea");
    } },
    { "NaN/Inf", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        fs::create_directories(dir + "/pfm");
        fs::copy_file(f.nan, dir + "/pfm/nan.ppm");
        expectCli(benchCmd(dir + "/pfm", "--generate=rect"), 0, "telea");
    } },
    { "non-binary mask", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(benchCmd(folderWith(dir, "photos", f.image), "--masks=" + folderWith(dir, "m", f.softMask)), 0, "0.01-0.1");
    } },
    { "all-hole", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(benchCmd(folderWith(dir, "photos", f.image), "--masks=" + folderWith(dir, "m", f.allHole)), 0, "0.6-1");
    } },
    { "no-hole", [](const std::string& dir) {
        // Counted in "all" only: a ratio of 0 is below the first bucket.
        const Files f = writeFiles(dir);
        expectCli(benchCmd(folderWith(dir, "photos", f.image), "--masks=" + folderWith(dir, "m", f.noHole) +
                  " --csv=" + dir + "/b.csv"), 0, "wrote");
        std::ifstream csv(dir + "/b.csv");
        std::string header, row, extra;
        std::getline(csv, header);
        std::getline(csv, row);
        EXPECT_EQ(row.rfind("telea,all,1,0.00000,", 0), 0u) << row;
        EXPECT_FALSE(std::getline(csv, extra) && !extra.empty()) << extra;
    } },
    { "1x1", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(benchCmd(folderWith(dir, "photos", f.one), "--generate=mixed --grid=" + dir + "/g.png"), 0, "nan");
    } },
    { "odd size", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(benchCmd(folderWith(dir, "photos", f.odd), "--generate=strokes --masks-per-image=6"), 0, "telea");
    } },
    { "bad model", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        for (const std::string& model : { f.garbageModel, f.truncatedModel })
            expectCli(bin("inpaint_benchmark") + "--images=" + folderWith(dir, "photos", f.image) +
                      " --generate=rect --methods=pconv --model=" + model, 2, "model");
        // The metric networks are loaded before any photo: the error names the flag and the file.
        const std::string photos = folderWith(dir, "photos", f.image);
        expectCli(benchCmd(photos, "--generate=rect --fid-model=" + f.garbageModel), 2, "--fid-model: FeatureNetwork::create: cannot read '" + f.garbageModel);
        expectCli(benchCmd(photos, "--generate=rect --perceptual-model=" + f.truncatedModel), 2, "--perceptual-model: FeatureNetwork::create: cannot read");
    } },
    { "missing file", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(benchCmd(dir + "/nope", "--generate=rect"), 2, "--images: '" + dir + "/nope' is not a folder");
        expectCli(benchCmd(folderWith(dir, "photos", f.image), "--masks=" + dir + "/nope"), 2,
                  "--masks: '" + dir + "/nope' is not a folder");
        expectCli(benchCmd(folderWith(dir, "photos", f.image), "--generate=rect --fid-model=" + dir + "/nope.onnx"), 2,
                  "--fid-model: FeatureNetwork::create: model file '" + dir + "/nope.onnx' not found");
    } },
    { "unwritable output", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        const std::string photos = folderWith(dir, "photos", f.image);
        expectCli(benchCmd(photos, "--generate=rect --csv=" + f.unwritable), 2, "cannot write");
        expectCli(benchCmd(photos, "--generate=rect --grid=" + f.unwritable), 2, "cannot write");
    } },
    { "bad value", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        const std::string photos = folderWith(dir, "photos", f.image);
        expectCli(benchCmd(photos, "--generate=blobs"), 2, "unknown mask kind 'blobs'");
        expectCli(benchCmd(photos, ""), 2, "exactly one of --masks");
        expectCli(benchCmd(photos, "--generate=rect --masks=" + photos), 2, "exactly one of --masks");
        expectCli(benchCmd(photos, "--generate=rect --frame=4"), 2, "exactly one of --masks");
        expectCli(benchCmd(photos, "--frame=-1"), 2, "--frame must be >= 0");
        expectCli(benchCmd(photos, "--generate=rect --intensity=10bit"), 2, "--intensity: unknown representation '10bit'");
        expectCli(benchCmd(photos, "--frame=1000"), 2, "--frame=1000 leaves nothing of the");
        expectCli(bin("inpaint_benchmark") + "--images=" + photos + " --generate=rect --methods=telea,replicate", 2,
                  "replicate (edge replication) needs --frame=N");
        expectCli(benchCmd(photos, "--generate=rect --masks-per-image=0"), 2, "--masks-per-image must be >= 1");
        expectCli(benchCmd(photos, "--generate=rect --limit=-1"), 2, "--limit must be >= 0");
        expectCli(benchCmd(photos, "--generate=rect --offset=-1"), 2, "--offset must be >= 0");
        expectCli(benchCmd(photos, "--generate=rect --offset=1"), 2, "--offset=1 skips all 1 photos");
        expectCli(benchCmd(photos, "--generate=rect --grid-rows=0"), 2, "--grid-rows must be >= 1");
        expectCli(benchCmd(photos, "--generate=rect --swd-descriptors=-1"), 2, "--swd-descriptors must be >= 0");
        expectCli(benchCmd(photos, "--generate=rect --fid-model=" + f.garbageModel + " --fid-norm=caffe"), 2,
                  "--fid-norm: unknown normalisation 'caffe'");
        expectCli(benchCmd(photos, "--generate=rect --perceptual-model=" + f.garbageModel + " --perceptual-size=-3"), 2,
                  "--perceptual-size must be >= 0");
        expectCli(bin("inpaint_benchmark") + "--images=" + photos + " --generate=rect --methods=,", 2, "no method given");
        expectCli(benchCmd(photos, "--generate=rect --pconv-working-size=128"), 2, "options need pconv in --methods");
        expectCli(bin("inpaint_benchmark") + "--images=" + photos + " --generate=rect --methods=pconv --model=" +
                  f.garbageModel + " --pconv-strategy=tiles", 2, "unknown PConv strategy 'tiles'");
        expectCli(bin("inpaint_benchmark") + "--images=" + photos + " --generate=rect --methods=pconv --model=" +
                  f.garbageModel + " --pconv-flip-averaging=2", 2, "flip averaging must be 0 or 1");
        expectCli(benchCmd(photos, "--generate=rect --pconv-patch-guide-sigma=3"), 2,
                  "options need pconv_patch in --methods");
        expectCli(bin("inpaint_benchmark") + "--images=" + photos + " --generate=rect --methods=pconv_patch --model=" +
                  f.garbageModel + " --pconv-patch-sharp-vote=2", 2, "sharp vote must be 0 or 1");
        // Negative values other than -1 (the "library's default" marker) used to fall back to the default silently.
        expectCli(bin("inpaint_benchmark") + "--images=" + photos + " --generate=rect --methods=pconv_patch --model=" +
                  f.garbageModel + " --pconv-patch-guide-sigma=-2", 2, "pconv_patch guide sigma must be >= 0, got -2");
        expectCli(bin("inpaint_benchmark") + "--images=" + photos + " --generate=rect --methods=pconv_patch --model=" +
                  f.garbageModel + " --pconv-patch-detail-weight=-0.5", 2, "pconv_patch detail weight must be >= 0, got -0.5");
        expectCli(bin("inpaint_benchmark") + "--images=" + photos + " --generate=rect --methods=pconv_patch --model=" +
                  f.garbageModel + " --pconv-patch-self-validation=2", 2, "self-validation must be 0 or 1");
    } },
});

// ---- inpaint_batch ------------------------------------------------------------------------------

// A batch job of one pair: `image` as images/x.png, `mask` as masks/x.png (OpenCV decodes by the
// file's signature, so a PAM or PFM keeps its content under that name). Returns the command,
// results under <dir>/<tag>/out.
std::string batchOf(const std::string& dir, const std::string& tag, const std::string& image, const std::string& mask,
                    const std::string& extra = "")
{
    const std::string job = dir + "/" + tag;
    fs::create_directories(job + "/images");
    fs::create_directories(job + "/masks");
    fs::copy_file(image, job + "/images/x.png", fs::copy_options::overwrite_existing);
    fs::copy_file(mask, job + "/masks/x.png", fs::copy_options::overwrite_existing);
    return bin("inpaint_batch") + "--images=" + job + "/images --masks=" + job + "/masks --output=" + job +
           "/out --method=telea " + extra;
}

// A pair the method cannot do is reported and skipped: exit 3, no result.
void expectPairFailed(const std::string& command, const std::string& expect)
{
    expectCli(command, 3, expect);
}

BadInputRegistrar batchCliRow("inpaint_batch CLI", {
    { "empty", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectPairFailed(batchOf(dir, "e1", f.empty, f.mask), "x.png: failed: --images: cannot decode image");
        expectPairFailed(batchOf(dir, "e2", f.image, f.empty), "x.png: failed: --masks: cannot decode image");
        expectCli(bin("inpaint_batch") + "--masks=" + dir + " --output=" + dir + "/o", 2, "--images is required");
        expectCli(bin("inpaint_batch") + "--images=" + dir + " --masks=" + dir, 2, "--output is required");
        fs::create_directories(dir + "/none");
        expectCli(bin("inpaint_batch") + "--images=" + dir + "/none --masks=" + dir + " --output=" + dir + "/o", 2,
                  "holds no image files");
    } },
    { "size", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectPairFailed(batchOf(dir, "s", f.image, f.smallMask), "failed: mask is 32x23, image is 32x24");
    } },
    { "depth", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(batchOf(dir, "d16", f.image16, f.mask), 0, "1 done");
        EXPECT_EQ(readBack(dir + "/d16/out/x.png").depth(), CV_16U);
        expectPairFailed(batchOf(dir, "d64", f.wideDepth, f.mask), "'src' must be CV_8U, CV_16U or CV_32F");
        expectCli(batchOf(dir, "m16", f.image, f.mask16), 0, "1 done");
    } },
    { "channels", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectPairFailed(batchOf(dir, "c", f.twoChannels, f.mask), "'src' must have 1, 3 or 4 channels");
    } },
    { "NaN/Inf", [](const std::string& dir) {
        // Read unchanged: the float image keeps its NaN, which the method refuses.
        const Files f = writeFiles(dir);
        expectPairFailed(batchOf(dir, "n", f.nan, f.mask), "contains NaN or Inf");
    } },
    { "non-binary mask", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(batchOf(dir, "b", f.image, f.softMask), 0, "1 done");
        Mat expected;
        inpainting::inpaint(imread(f.image), holeMask(kSize, kHole), expected, inpainting::INPAINT_TELEA);
        EXPECT_EQ(maxAbsDiff(readBack(dir + "/b/out/x.png"), expected), 0.0);
    } },
    { "all-hole", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(batchOf(dir, "a", f.image, f.allHole), 0, "1 done");
    } },
    { "no-hole", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(batchOf(dir, "z", f.image, f.noHole), 0, "1 done");
        EXPECT_EQ(maxAbsDiff(readBack(dir + "/z/out/x.png"), imread(f.image)), 0.0);
    } },
    { "1x1", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(batchOf(dir, "o", f.one, f.oneMask), 0, "1 done");
    } },
    { "odd size", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(batchOf(dir, "q", f.odd, f.oddMask), 0, "1 done");
        EXPECT_EQ(readBack(dir + "/q/out/x.png").size(), Size(13, 7));
    } },
    { "bad model", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        for (const std::string& model : { f.garbageModel, f.truncatedModel })
            expectCli(batchOf(dir, "m", f.image, f.mask, "--method=pconv --model=" + model), 2, "model");
        EXPECT_FALSE(fs::exists(dir + "/m/out/x.png"));
        expectCli(batchOf(dir, "t", f.image, f.mask, "--model=" + f.garbageModel), 2, "--model only applies");
    } },
    { "missing file", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(bin("inpaint_batch") + "--images=" + dir + "/nope --masks=" + dir + " --output=" + dir + "/o", 2,
                  "is not a folder");
        const std::string command = batchOf(dir, "x", f.image, f.mask);
        fs::remove(dir + "/x/masks/x.png");
        imwrite(dir + "/x/masks/other.png", imread(f.mask));
        expectPairFailed(command, "failed: no mask named 'x.*'");
    } },
    { "unwritable output", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        expectCli(batchOf(dir, "u", f.image, f.mask) + " --output=" + f.unwritable, 2, "--output: cannot create the folder");
    } },
    { "bad value", [](const std::string& dir) {
        const Files f = writeFiles(dir);
        const std::string command = batchOf(dir, "v", f.image, f.mask);
        expectCli(command + " --shard=1/1", 2, "--shard: index 1 is not below the count 1");
        expectCli(command + " --shard=x", 2, "--shard: expected i/n");
        expectCli(command + " --method=foo", 2, "unknown method 'foo'");
        expectCli(command + " --ext=png", 2, "--ext: 'png' is not an image format");
        expectCli(command + " --threads=-2", 2, "--threads must be >= 1");
        expectCli(command + " --shard-count=x", 2, "invalid arguments");
        EXPECT_FALSE(fs::exists(dir + "/v/out/x.png"));
    } },
});

} // namespace

TEST(Inpainting_BadInput, inpaint_cli) { runBadInputRow("inpaint CLI"); }
TEST(Inpainting_BadInput, inpaint_compare_cli) { runBadInputRow("inpaint_compare CLI"); }
TEST(Inpainting_BadInput, inpaint_benchmark_cli) { runBadInputRow("inpaint_benchmark CLI"); }
TEST(Inpainting_BadInput, inpaint_batch_cli) { runBadInputRow("inpaint_batch CLI"); }

} // namespace opencv_test_inpainting
