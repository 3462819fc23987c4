// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The bad-input matrix of doc/bad_input.md: every public function and command-line program against
// every kind of bad input, one check per cell. Each row of the table is one TEST; the test
// Inpainting_BadInput.doc_table_matches_the_tests fails when a cell of the table has no check here
// or a check has no cell there, so the table and the tests cannot drift apart.

#include "test_precomp.hpp"
#include "bad_input_matrix.hpp"

#include <climits>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace opencv_test_inpainting {

using namespace cv;
namespace fs = std::filesystem;

// ---- helpers shared by the rows -----------------------------------------------------------------

Mat rampImage(Size size, int type)
{
    const int cn = CV_MAT_CN(type), depth = CV_MAT_DEPTH(type);
    const double range = depth == CV_8U ? 255 : depth == CV_16U ? 65535 : 1;
    Mat f(size, CV_64FC(cn));
    for (int y = 0; y < size.height; y++)
        for (int x = 0; x < size.width; x++)
            for (int c = 0; c < cn; c++)
                f.ptr<double>(y)[x * cn + c] = 0.2 + 0.3 * (x + 1) / size.width + 0.2 * (y + 1) / size.height + 0.05 * c;
    Mat out;
    f.convertTo(out, type, range);
    return out;
}

Mat holeMask(Size size, Rect hole)
{
    Mat mask = Mat::zeros(size, CV_8UC1);
    mask(hole & Rect(Point(), size)).setTo(255);
    return mask;
}

bool sameKnownPixels(const Mat& a, const Mat& b, const Mat& mask)
{
    if (a.size() != b.size() || a.type() != b.type())
        return false;
    const size_t elem = a.elemSize();
    for (int y = 0; y < a.rows; y++)
        for (int x = 0; x < a.cols; x++)
            if (mask.at<uchar>(y, x) == 0 && std::memcmp(a.ptr(y, x), b.ptr(y, x), elem) != 0)
                return false;
    return true;
}

std::vector<int> availableMethods()
{
    std::vector<int> methods;
    for (int m = inpainting::INPAINT_TELEA; m <= inpainting::INPAINT_CRIMINISI; m++)
        if (inpainting::isMethodAvailable(m))
            methods.push_back(m);
    return methods;
}

void expectCli(const std::string& command, int exitCode, const std::string& expect)
{
    std::string out;
    const int rc = runCommand(command, out);
    EXPECT_EQ(rc, exitCode) << command << "\n" << out;
    if (!expect.empty())
        EXPECT_NE(out.find(expect), std::string::npos) << command << "\n" << out;
    // Bad input: exactly one error line, and it is the last line (progress output may come before).
    std::stringstream s(out);
    std::string line, last;
    int errorLines = 0;
    while (std::getline(s, line))
    {
        if (line.empty())
            continue;
        errorLines += line.find(": error: ") != std::string::npos;
        last = line;
    }
    if (exitCode == 2)
    {
        EXPECT_EQ(errorLines, 1) << command << "\n" << out;
        EXPECT_NE(last.find(": error: "), std::string::npos) << command << "\n" << out;
    }
    else
        EXPECT_EQ(errorLines, 0) << command << "\n" << out;
}

void writeBytes(const std::string& path, const std::string& bytes)
{
    std::ofstream(path, std::ios::binary) << bytes;
}

// ---- the registry -------------------------------------------------------------------------------

std::vector<BadInputRow>& badInputRows()
{
    static std::vector<BadInputRow> rows;
    return rows;
}

BadInputRegistrar::BadInputRegistrar(const std::string& row, std::vector<BadInputCell> cells)
{
    badInputRows().push_back({ row, std::move(cells) });
}

void runBadInputRow(const std::string& row)
{
    for (const BadInputRow& r : badInputRows())
    {
        if (r.name != row)
            continue;
        const std::string root = makeTempDir("bad_input");
        int n = 0;
        for (const BadInputCell& cell : r.cells)
        {
            SCOPED_TRACE(row + " / " + cell.column);
            const std::string dir = root + "/cell" + std::to_string(n++); // each cell starts clean
            fs::create_directories(dir);
            cell.check(dir);
        }
        fs::remove_all(root);
        return;
    }
    FAIL() << "no bad-input row named " << row;
}

// ---- library functions --------------------------------------------------------------------------

namespace {

const Size kSize(24, 20);
const Rect kHole(8, 6, 7, 6);

BadInputRegistrar inpaintRow("inpaint", {
    { "empty", [](const std::string&) {
        Mat out;
        expectError([&] { inpainting::inpaint(Mat(), holeMask(kSize, kHole), out, inpainting::INPAINT_TELEA); }, { "'src' is empty" });
        expectError([&] { inpainting::inpaint(rampImage(kSize, CV_8UC3), Mat(), out, inpainting::INPAINT_TELEA); }, { "'mask' is empty" });
    } },
    { "size", [](const std::string&) {
        Mat out;
        expectError([&] { inpainting::inpaint(rampImage(kSize, CV_8UC3), holeMask(Size(23, 20), kHole), out, inpainting::INPAINT_TELEA); },
                    { "'mask' is 23x20", "'src' is 24x20", "same size" });
    } },
    { "depth", [](const std::string&) {
        Mat out;
        for (int depth : { CV_8S, CV_16S, CV_32S, CV_64F, CV_16F })
            expectError([&] { inpainting::inpaint(Mat::zeros(kSize, CV_MAKETYPE(depth, 3)), holeMask(kSize, kHole), out, inpainting::INPAINT_TELEA); },
                        { "'src' must be CV_8U, CV_16U or CV_32F" });
        for (int type : { CV_16UC1, CV_32FC1, CV_8SC1 })
            expectError([&] { inpainting::inpaint(rampImage(kSize, CV_8UC3), Mat::zeros(kSize, type), out, inpainting::INPAINT_TELEA); },
                        { "'mask' must be CV_8UC1" });
    } },
    { "channels", [](const std::string&) {
        Mat out;
        for (int cn : { 2, 5 })
            expectError([&] { inpainting::inpaint(Mat::zeros(kSize, CV_8UC(cn)), holeMask(kSize, kHole), out, inpainting::INPAINT_TELEA); },
                        { "'src' must have 1, 3 or 4 channels" });
        expectError([&] { inpainting::inpaint(rampImage(kSize, CV_8UC3), Mat::zeros(kSize, CV_8UC3), out, inpainting::INPAINT_TELEA); },
                    { "'mask' must be CV_8UC1" });
    } },
    { "NaN/Inf", [](const std::string&) {
        // Rejected wherever it is, in a known pixel or in the hole.
        const float bad[] = { std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                              -std::numeric_limits<float>::infinity() };
        const Point where[] = { Point(0, 0), Point(kHole.x + 1, kHole.y + 1) };
        for (float v : bad)
            for (Point p : where)
            {
                Mat image = rampImage(kSize, CV_32FC3), out;
                image.at<Vec3f>(p)[1] = v;
                expectError([&] { inpainting::inpaint(image, holeMask(kSize, kHole), out, inpainting::INPAINT_TELEA); }, { "'src' contains NaN or Inf" });
                EXPECT_TRUE(out.empty());
            }
        // FLT_MAX is finite: accepted.
        Mat image = rampImage(kSize, CV_32FC1), out;
        image.at<float>(0, 0) = FLT_MAX;
        EXPECT_NO_THROW(inpainting::inpaint(image, holeMask(kSize, kHole), out, inpainting::INPAINT_TELEA));
    } },
    { "non-binary mask", [](const std::string&) {
        const Mat image = rampImage(kSize, CV_8UC3);
        Mat soft = holeMask(kSize, kHole) / 255; // 1 = hole
        soft.at<uchar>(kHole.y, kHole.x) = 128;
        const Mat binary = soft > 0;
        for (int m : availableMethods())
        {
            Mat a, b;
            inpainting::inpaint(image, soft, a, m);
            inpainting::inpaint(image, binary, b, m);
            EXPECT_EQ(maxAbsDiff(a, b), 0.0) << inpainting::methodName(m);
        }
    } },
    { "all-hole", [](const std::string&) {
        for (int m : availableMethods())
            for (int type : { CV_8UC1, CV_16UC3, CV_32FC4 })
            {
                const Mat image = rampImage(kSize, type);
                Mat out;
                inpainting::inpaint(image, Mat(kSize, CV_8UC1, Scalar(255)), out, m);
                ASSERT_EQ(out.type(), type);
                const double grey = CV_MAT_DEPTH(type) == CV_8U ? 128 : CV_MAT_DEPTH(type) == CV_16U ? 32768 : 0.5;
                std::vector<Mat> planes;
                split(out, planes);
                for (int c = 0; c < std::min(3, (int)planes.size()); c++)
                    EXPECT_EQ(norm(planes[c], Mat(kSize, planes[c].type(), Scalar(grey)), NORM_INF), 0.0) << inpainting::methodName(m);
                if (CV_MAT_CN(type) == 4) // alpha copied through
                {
                    std::vector<Mat> in;
                    split(image, in);
                    EXPECT_EQ(norm(planes[3], in[3], NORM_INF), 0.0);
                }
            }
    } },
    { "no-hole", [](const std::string&) {
        for (int m : availableMethods())
        {
            const Mat image = rampImage(kSize, CV_16UC4);
            Mat out;
            inpainting::inpaint(image, Mat::zeros(kSize, CV_8UC1), out, m);
            EXPECT_EQ(maxAbsDiff(out, image), 0.0);
            EXPECT_EQ(out.type(), image.type());
        }
    } },
    { "1x1", [](const std::string&) {
        const Mat image = rampImage(Size(1, 1), CV_8UC3);
        for (int m : availableMethods())
        {
            Mat out;
            inpainting::inpaint(image, Mat::zeros(1, 1, CV_8UC1), out, m);
            EXPECT_EQ(maxAbsDiff(out, image), 0.0);
            inpainting::inpaint(image, Mat(1, 1, CV_8UC1, Scalar(255)), out, m);
            EXPECT_EQ(out.at<Vec3b>(0, 0), Vec3b(128, 128, 128)) << inpainting::methodName(m);
        }
    } },
    { "odd size", [](const std::string&) {
        for (Size size : { Size(13, 7), Size(1, 9), Size(17, 2) })
            for (int m : availableMethods())
            {
                const Mat image = rampImage(size, CV_8UC3);
                Mat mask = Mat::zeros(size, CV_8UC1);
                mask.at<uchar>(size.height / 2, size.width / 2) = 255;
                Mat out;
                ASSERT_NO_THROW(inpainting::inpaint(image, mask, out, m)) << inpainting::methodName(m) << size;
                EXPECT_TRUE(sameKnownPixels(image, out, mask)) << inpainting::methodName(m) << size;
            }
    } },
    { "bad value", [](const std::string&) {
        const Mat image = rampImage(kSize, CV_8UC3), mask = holeMask(kSize, kHole);
        Mat out;
        for (int m : { -1, 64, 99, INT_MIN })
            expectError([&] { inpainting::inpaint(image, mask, out, m); }, { "unknown method id" });
        for (int m = inpainting::INPAINT_TELEA; m <= inpainting::INPAINT_CRIMINISI; m++)
            if (!inpainting::isMethodAvailable(m))
                expectError([&] { inpainting::inpaint(image, mask, out, m); }, { "not available in this build" });
    } },
});

BadInputRegistrar extendImageRow("extendImage", {
    { "empty", [](const std::string&) {
        Mat out;
        expectError([&] { inpainting::extendImage(Mat(), out, 1, 1, 1, 1, inpainting::INPAINT_TELEA); }, { "'src' is empty" });
    } },
    { "depth", [](const std::string&) {
        Mat out;
        expectError([&] { inpainting::extendImage(Mat::zeros(8, 8, CV_64FC1), out, 1, 1, 1, 1, inpainting::INPAINT_TELEA); },
                    { "'src' must be CV_8U, CV_16U or CV_32F" });
    } },
    { "channels", [](const std::string&) {
        Mat out;
        expectError([&] { inpainting::extendImage(Mat::zeros(8, 8, CV_8UC2), out, 1, 1, 1, 1, inpainting::INPAINT_TELEA); },
                    { "'src' must have 1, 3 or 4 channels" });
    } },
    { "NaN/Inf", [](const std::string&) {
        Mat image = Mat::zeros(8, 8, CV_32FC1), out;
        image.at<float>(3, 3) = std::numeric_limits<float>::infinity();
        expectError([&] { inpainting::extendImage(image, out, 1, 1, 1, 1, inpainting::INPAINT_TELEA); }, { "'src' contains NaN or Inf" });
    } },
    { "no-hole", [](const std::string&) {
        const Mat image = rampImage(kSize, CV_16UC3);
        Mat out, mask;
        inpainting::extendImage(image, out, 0, 0, 0, 0, inpainting::INPAINT_TELEA, mask);
        EXPECT_TRUE(sameBytes(out, image));
        EXPECT_EQ(countNonZero(mask), 0);
    } },
    { "1x1", [](const std::string&) {
        Mat out;
        // Criminisi copies the one pixel there is (OpenCV's Telea drifts to (3, 4, 5) from a single pixel).
        inpainting::extendImage(Mat(1, 1, CV_8UC3, Scalar(10, 20, 30)), out, 2, 1, 0, 3, inpainting::INPAINT_CRIMINISI);
        ASSERT_EQ(out.size(), Size(4, 4));
        EXPECT_EQ(countNonZero(out.reshape(1) != 0), 48); // every pixel is the only colour there is
        EXPECT_EQ(out.at<Vec3b>(3, 3), Vec3b(10, 20, 30));
    } },
    { "bad value", [](const std::string&) {
        const Mat image = rampImage(kSize, CV_8UC3);
        Mat out;
        const char* names[] = { "top", "bottom", "left", "right" };
        for (int side = 0; side < 4; side++)
        {
            int v[4] = { 1, 1, 1, 1 };
            v[side] = -1;
            expectError([&] { inpainting::extendImage(image, out, v[0], v[1], v[2], v[3], inpainting::INPAINT_TELEA); },
                        { std::string("'") + names[side] + "' must be >= 0" });
        }
        expectError([&] { inpainting::extendImage(image, out, 0, 0, 70000, 0, inpainting::INPAINT_TELEA); },
                    { "the result would be 70024x20", "within 65536x65536" });
        expectError([&] { inpainting::extendImage(image, out, 0, INT_MAX, 0, 0, inpainting::INPAINT_TELEA); },
                    { "the result would be" });
        expectError([&] { inpainting::extendImage(image, out, 1, 1, 1, 1, 99); }, { "unknown method id 99" });
    } },
});

BadInputRegistrar isMethodAvailableRow("isMethodAvailable", {
    { "bad value", [](const std::string&) {
        for (int m : { -1, 64, 99, INT_MIN, INT_MAX })
        {
            bool available = true;
            EXPECT_NO_THROW(available = inpainting::isMethodAvailable(m));
            EXPECT_FALSE(available) << m;
        }
    } },
});

BadInputRegistrar methodFromNameRow("methodFromName", {
    { "empty", [](const std::string&) {
        expectError([] { inpainting::methodFromName(""); }, { "unknown method ''", "telea, ns, shiftmap" });
    } },
    { "bad value", [](const std::string&) {
        // (The sanitized suite caught an earlier version of this list holding a dangling c_str().)
        const std::vector<std::string> names = { "Telea", "telea ", "pconv2", "fsr", std::string("telea\0x", 7) };
        for (const std::string& name : names)
            expectError([&] { inpainting::methodFromName(name); }, { "unknown method", "expected one of" });
        expectError([] { inpainting::methodFromName(std::string("ns\0", 3)); }, { "unknown method" });
    } },
});

BadInputRegistrar methodNameRow("methodName", {
    { "bad value", [](const std::string&) {
        for (int m : { -1, 64, INT_MIN })
            expectError([&] { inpainting::methodName(m); }, { "unknown method id" });
    } },
});

const int kMaskKinds[] = { inpainting::MASK_RECT, inpainting::MASK_STROKES_THIN, inpainting::MASK_STROKES_MEDIUM,
                           inpainting::MASK_STROKES_THICK, inpainting::MASK_STROKES, inpainting::MASK_MIXED,
                           inpainting::MASK_POLYGONS, inpainting::MASK_BORDER, inpainting::MASK_SCRATCHES };

BadInputRegistrar maskCreateRow("MaskGenerator::create", {
    { "bad value", [](const std::string&) {
        for (int kind : { -1, 9, 99, 1000 })
            expectError([&] { inpainting::MaskGenerator::create(kind); }, { "'kind' must be one of MaskKinds" });
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const double ranges[][2] = { { 0, 0.5 }, { -0.1, 0.5 }, { 0.5, 0.4 }, { 0.5, 1.0 }, { nan, 0.5 }, { 0.1, nan } };
        for (const auto& r : ranges)
            expectError([&] { inpainting::MaskGenerator::create(inpainting::MASK_RECT, r[0], r[1]); },
                        { "0 < minHoleRatio <= maxHoleRatio < 1" });
        EXPECT_NO_THROW(inpainting::MaskGenerator::create(inpainting::MASK_RECT, 0.3, 0.3, INT_MIN));
    } },
});

BadInputRegistrar maskGenerateRow("MaskGenerator::generate", {
    { "empty", [](const std::string&) {
        Mat m;
        for (Size s : { Size(0, 0), Size(0, 10), Size(10, 0), Size(-3, 5) })
            expectError([&] { inpainting::MaskGenerator::create()->generate(s, m); }, { "'size' must be positive" });
    } },
    { "1x1", [](const std::string&) {
        for (int kind : kMaskKinds)
        {
            Mat m;
            inpainting::MaskGenerator::create(kind, 0.1, 0.6, 3)->generate(Size(1, 1), m);
            ASSERT_EQ(m.type(), CV_8UC1);
            ASSERT_EQ(m.size(), Size(1, 1));
            EXPECT_EQ(m.at<uchar>(0, 0), 255); // the nearest whole count to a ratio in (0, 1): one pixel
        }
    } },
    { "odd size", [](const std::string&) {
        for (Size s : { Size(7, 3), Size(1, 31), Size(333, 1), Size(45, 17) })
            for (int kind : kMaskKinds)
            {
                Mat m;
                inpainting::MaskGenerator::create(kind, 0.2, 0.4, 11)->generate(s, m);
                ASSERT_EQ(m.size(), s);
                EXPECT_EQ(countNonZero((m != 0) & (m != 255)), 0);
                const double count = countNonZero(m), total = s.area();
                EXPECT_GE(count, std::floor(0.2 * total) - 1) << s << " kind " << kind;
                EXPECT_LE(count, std::ceil(0.4 * total) + 1) << s << " kind " << kind;
            }
    } },
});

BadInputRegistrar networkIntensityRangeRow("networkIntensityRange", {
    { "empty", [](const std::string&) {
        expectError([] { inpainting::networkIntensityRange(Mat(), Mat::zeros(4, 4, CV_8UC1)); }, { "'image' is empty" });
        expectError([] { inpainting::networkIntensityRange(Mat::zeros(4, 4, CV_16UC1), Mat()); }, { "'mask' is empty" });
    } },
    { "size", [](const std::string&) {
        expectError([] { inpainting::networkIntensityRange(Mat::zeros(4, 5, CV_16UC1), Mat::zeros(4, 4, CV_8UC1)); },
                    { "'mask' is 4x4 but 'image' is 5x4" });
    } },
    { "depth", [](const std::string&) {
        expectError([] { inpainting::networkIntensityRange(Mat::zeros(4, 4, CV_64FC1), Mat::zeros(4, 4, CV_8UC1)); },
                    { "'image' must be CV_8U, CV_16U or CV_32F" });
        expectError([] { inpainting::networkIntensityRange(Mat::zeros(4, 4, CV_16UC1), Mat::zeros(4, 4, CV_16UC1)); },
                    { "'mask' must be CV_8UC1" });
    } },
    { "channels", [](const std::string&) {
        expectError([] { inpainting::networkIntensityRange(Mat::zeros(4, 4, CV_32FC2), Mat::zeros(4, 4, CV_8UC1)); },
                    { "'image' must have 1, 3 or 4 channels" });
    } },
    { "NaN/Inf", [](const std::string&) {
        Mat image = Mat::zeros(4, 4, CV_32FC1);
        image.at<float>(1, 1) = std::numeric_limits<float>::quiet_NaN();
        expectError([&] { inpainting::networkIntensityRange(image, Mat::zeros(4, 4, CV_8UC1)); }, { "'image' contains NaN or Inf" });
    } },
    { "all-hole", [](const std::string&) {
        const Mat mask(4, 4, CV_8UC1, Scalar(255));
        EXPECT_EQ(inpainting::networkIntensityRange(Mat(4, 4, CV_16UC1, Scalar(9)), mask), Vec2d(0, 65535));
        EXPECT_EQ(inpainting::networkIntensityRange(Mat(4, 4, CV_32FC3, Scalar::all(-7)), mask), Vec2d(0, 1));
    } },
    { "1x1", [](const std::string&) {
        EXPECT_EQ(inpainting::networkIntensityRange(Mat(1, 1, CV_32FC1, Scalar(3)), Mat::zeros(1, 1, CV_8UC1)), Vec2d(2.5, 3.5));
        EXPECT_EQ(inpainting::networkIntensityRange(Mat(1, 1, CV_16UC1, Scalar(3000)), Mat::zeros(1, 1, CV_8UC1)), Vec2d(0, 4095));
    } },
});

BadInputRegistrar holeRatioRow("holeRatio", {
    { "empty", [](const std::string&) { expectError([] { inpainting::holeRatio(Mat()); }, { "'mask' is empty" }); } },
    { "depth", [](const std::string&) {
        for (int type : { CV_16UC1, CV_32FC1, CV_8SC1 })
            expectError([&] { inpainting::holeRatio(Mat::zeros(4, 4, type)); }, { "'mask' must be CV_8UC1" });
    } },
    { "channels", [](const std::string&) {
        expectError([] { inpainting::holeRatio(Mat::zeros(4, 4, CV_8UC3)); }, { "'mask' must be CV_8UC1" });
    } },
    { "non-binary mask", [](const std::string&) {
        Mat m = Mat::zeros(4, 4, CV_8UC1);
        m.at<uchar>(0, 0) = 1;
        m.at<uchar>(1, 1) = 200;
        EXPECT_EQ(inpainting::holeRatio(m), 2.0 / 16);
    } },
    { "all-hole", [](const std::string&) { EXPECT_EQ(inpainting::holeRatio(Mat(5, 3, CV_8UC1, Scalar(255))), 1.0); } },
    { "no-hole", [](const std::string&) { EXPECT_EQ(inpainting::holeRatio(Mat::zeros(5, 3, CV_8UC1)), 0.0); } },
    { "1x1", [](const std::string&) { EXPECT_EQ(inpainting::holeRatio(Mat(1, 1, CV_8UC1, Scalar(9))), 1.0); } },
    { "odd size", [](const std::string&) {
        Mat m = Mat::zeros(7, 3, CV_8UC1);
        m.row(2).setTo(255);
        EXPECT_EQ(inpainting::holeRatio(m), 3.0 / 21);
    } },
});

BadInputRegistrar holeRatioBucketRow("holeRatioBucket", {
    { "NaN/Inf", [](const std::string&) {
        EXPECT_EQ(inpainting::holeRatioBucket(std::numeric_limits<double>::quiet_NaN()), -1);
        EXPECT_EQ(inpainting::holeRatioBucket(std::numeric_limits<double>::infinity()), inpainting::HOLE_BUCKETS - 1);
        EXPECT_EQ(inpainting::holeRatioBucket(-std::numeric_limits<double>::infinity()), -1);
    } },
    { "bad value", [](const std::string&) {
        EXPECT_EQ(inpainting::holeRatioBucket(-0.5), -1);
        EXPECT_EQ(inpainting::holeRatioBucket(0.0), -1);
        EXPECT_EQ(inpainting::holeRatioBucket(1.0), inpainting::HOLE_BUCKETS - 1);
        EXPECT_EQ(inpainting::holeRatioBucket(7.0), inpainting::HOLE_BUCKETS - 1);
    } },
});

BadInputRegistrar holeRatioBucketNameRow("holeRatioBucketName", {
    { "bad value", [](const std::string&) {
        for (int b : { -1, (int)inpainting::HOLE_BUCKETS, INT_MIN, INT_MAX })
            expectError([&] { inpainting::holeRatioBucketName(b); }, { "'bucket' must be in [0, 7)" });
    } },
});

BadInputRegistrar evaluateRow("evaluate", {
    { "empty", [](const std::string&) {
        const Mat a = rampImage(kSize, CV_8UC3), mask = holeMask(kSize, kHole);
        expectError([&] { inpainting::evaluate(Mat(), a, mask); }, { "'result' is empty" });
        expectError([&] { inpainting::evaluate(a, Mat(), mask); }, { "'truth' is empty" });
        expectError([&] { inpainting::evaluate(a, a, Mat()); }, { "'mask' is empty" });
    } },
    { "size", [](const std::string&) {
        const Mat a = rampImage(kSize, CV_8UC3), mask = holeMask(kSize, kHole);
        expectError([&] { inpainting::evaluate(a, rampImage(Size(23, 20), CV_8UC3), mask); }, { "'result'", "'truth'", "same size and type" });
        expectError([&] { inpainting::evaluate(a, a, holeMask(Size(24, 19), kHole)); }, { "'mask' is 24x19", "same size" });
    } },
    { "depth", [](const std::string&) {
        const Mat mask = holeMask(kSize, kHole);
        expectError([&] { inpainting::evaluate(rampImage(kSize, CV_8UC3), rampImage(kSize, CV_16UC3), mask); }, { "same size and type" });
        const Mat d = Mat::zeros(kSize, CV_64FC3);
        expectError([&] { inpainting::evaluate(d, d, mask); }, { "'truth' must be CV_8U, CV_16U or CV_32F" });
        const Mat a = rampImage(kSize, CV_8UC1);
        expectError([&] { inpainting::evaluate(a, a, Mat::zeros(kSize, CV_16UC1)); }, { "'mask' must be CV_8UC1" });
    } },
    { "channels", [](const std::string&) {
        const Mat two = Mat::zeros(kSize, CV_8UC2);
        expectError([&] { inpainting::evaluate(two, two, holeMask(kSize, kHole)); }, { "'truth' must have 1, 3 or 4 channels" });
        expectError([&] { inpainting::evaluate(rampImage(kSize, CV_8UC3), rampImage(kSize, CV_8UC1), holeMask(kSize, kHole)); },
                    { "same size and type" });
    } },
    { "NaN/Inf", [](const std::string&) {
        // Found by fuzz_inpaint: a NaN in `result` used to give NaN metrics silently.
        const Mat good = rampImage(kSize, CV_32FC3), mask = holeMask(kSize, kHole);
        Mat bad = good.clone();
        bad.at<Vec3f>(kHole.y, kHole.x)[0] = std::numeric_limits<float>::quiet_NaN();
        expectError([&] { inpainting::evaluate(bad, good, mask); }, { "evaluate: 'result' contains NaN or Inf" });
        bad.at<Vec3f>(kHole.y, kHole.x)[0] = std::numeric_limits<float>::infinity();
        expectError([&] { inpainting::evaluate(good, bad, mask); }, { "'truth' contains NaN or Inf" });
    } },
    { "non-binary mask", [](const std::string&) {
        const Mat a = rampImage(kSize, CV_8UC3), b = rampImage(kSize, CV_8UC3) + Scalar::all(10);
        const Mat binary = holeMask(kSize, kHole);
        const Mat soft = binary / 255 * 7;
        const inpainting::InpaintingMetrics x = inpainting::evaluate(a, b, binary), y = inpainting::evaluate(a, b, soft);
        EXPECT_EQ(x.l1Hole, y.l1Hole);
        EXPECT_EQ(x.mseHole, y.mseHole);
    } },
    { "all-hole", [](const std::string&) {
        const Mat a = rampImage(kSize, CV_8UC1), b = a + Scalar::all(51);
        const inpainting::InpaintingMetrics m = inpainting::evaluate(a, b, Mat(kSize, CV_8UC1, Scalar(255)));
        EXPECT_NEAR(m.l1Hole, 51.0 / 255, 1e-12);
        EXPECT_NEAR(m.mseHole, m.mse, 1e-15);
    } },
    { "no-hole", [](const std::string&) {
        const Mat a = rampImage(kSize, CV_8UC1), b = a + Scalar::all(51);
        const inpainting::InpaintingMetrics m = inpainting::evaluate(a, b, Mat::zeros(kSize, CV_8UC1));
        EXPECT_EQ(m.l1Hole, 0.0);
        EXPECT_EQ(m.mseHole, 0.0);
        EXPECT_EQ(m.psnrHole, 100.0);
        EXPECT_NEAR(m.mse, (51.0 / 255) * (51.0 / 255), 1e-12);
    } },
    { "1x1", [](const std::string&) {
        const Mat a(1, 1, CV_8UC3, Scalar(10, 20, 30)), b(1, 1, CV_8UC3, Scalar(10, 20, 81));
        const inpainting::InpaintingMetrics m = inpainting::evaluate(a, b, Mat(1, 1, CV_8UC1, Scalar(255)));
        EXPECT_NEAR(m.l1Hole, 51.0 / 255 / 3, 1e-12);
        EXPECT_TRUE(std::isnan(m.ssim)); // documented: the 11x11 window does not fit
    } },
    { "odd size", [](const std::string&) {
        const Mat a = rampImage(Size(13, 11), CV_16UC3);
        const inpainting::InpaintingMetrics m = inpainting::evaluate(a, a, holeMask(a.size(), Rect(3, 3, 5, 3)));
        EXPECT_EQ(m.psnr, 100.0);
        EXPECT_NEAR(m.ssim, 1.0, 1e-12);
    } },
});

BadInputRegistrar ssimRow("ssim", {
    { "empty", [](const std::string&) {
        const Mat a = rampImage(kSize, CV_8UC3);
        expectError([&] { inpainting::ssim(Mat(), a); }, { "ssim: 'a' is empty" });
        expectError([&] { inpainting::ssim(a, Mat()); }, { "ssim: 'b' is empty" });
    } },
    { "size", [](const std::string&) {
        expectError([] { inpainting::ssim(rampImage(kSize, CV_8UC3), rampImage(Size(24, 21), CV_8UC3)); }, { "same size and type" });
    } },
    { "depth", [](const std::string&) {
        expectError([] { inpainting::ssim(rampImage(kSize, CV_8UC3), rampImage(kSize, CV_32FC3)); }, { "same size and type" });
        const Mat d = Mat::zeros(kSize, CV_64FC1);
        expectError([&] { inpainting::ssim(d, d); }, { "CV_8U, CV_16U or CV_32F" });
    } },
    { "channels", [](const std::string&) {
        for (int cn : { 2, 5 })
        {
            const Mat m = Mat::zeros(kSize, CV_8UC(cn));
            expectError([&] { inpainting::ssim(m, m); }, { "1, 3 or 4 channels" });
        }
    } },
    { "NaN/Inf", [](const std::string&) {
        const Mat good = rampImage(kSize, CV_32FC1);
        Mat bad = good.clone();
        bad.at<float>(3, 3) = -std::numeric_limits<float>::infinity();
        expectError([&] { inpainting::ssim(good, bad); }, { "ssim: 'b' contains NaN or Inf" });
        bad.at<float>(3, 3) = std::numeric_limits<float>::quiet_NaN();
        expectError([&] { inpainting::ssim(bad, good); }, { "ssim: 'a' contains NaN or Inf" });
        // Finite but huge values (found by fuzz_inpaint: SSIM used to come out as Inf): the
        // luminance term decides, the (co)variances are 0.
        const Mat big(17, 19, CV_32FC1, Scalar(5.0e36)), bigger(17, 19, CV_32FC1, Scalar(5.2e36));
        const double s = inpainting::ssim(big, bigger);
        EXPECT_NEAR(s, 2 * 5.0 * 5.2 / (5.0 * 5.0 + 5.2 * 5.2), 1e-6);
        EXPECT_NEAR(inpainting::ssim(Mat(17, 19, CV_32FC1, Scalar(FLT_MAX)), Mat(17, 19, CV_32FC1, Scalar(-FLT_MAX))), -1.0, 1e-12);
    } },
    { "1x1", [](const std::string&) {
        const Mat a(1, 1, CV_8UC1, Scalar(3));
        expectError([&] { inpainting::ssim(a, a); }, { "at least 11x11" });
        const Mat b = rampImage(Size(10, 40), CV_8UC1);
        expectError([&] { inpainting::ssim(b, b); }, { "at least 11x11" });
    } },
    { "odd size", [](const std::string&) {
        const Mat a = rampImage(Size(11, 13), CV_8UC3);
        EXPECT_NEAR(inpainting::ssim(a, a), 1.0, 1e-12);
    } },
});

} // namespace

TEST(Inpainting_BadInput, inpaint) { runBadInputRow("inpaint"); }
TEST(Inpainting_BadInput, isMethodAvailable) { runBadInputRow("isMethodAvailable"); }
TEST(Inpainting_BadInput, extendImage) { runBadInputRow("extendImage"); }
TEST(Inpainting_BadInput, networkIntensityRange) { runBadInputRow("networkIntensityRange"); }
TEST(Inpainting_BadInput, methodFromName) { runBadInputRow("methodFromName"); }
TEST(Inpainting_BadInput, methodName) { runBadInputRow("methodName"); }
TEST(Inpainting_BadInput, MaskGenerator_create) { runBadInputRow("MaskGenerator::create"); }
TEST(Inpainting_BadInput, MaskGenerator_generate) { runBadInputRow("MaskGenerator::generate"); }
TEST(Inpainting_BadInput, holeRatio) { runBadInputRow("holeRatio"); }
TEST(Inpainting_BadInput, holeRatioBucket) { runBadInputRow("holeRatioBucket"); }
TEST(Inpainting_BadInput, holeRatioBucketName) { runBadInputRow("holeRatioBucketName"); }
TEST(Inpainting_BadInput, evaluate) { runBadInputRow("evaluate"); }
TEST(Inpainting_BadInput, ssim) { runBadInputRow("ssim"); }

// ---- the table in doc/bad_input.md and the checks here are the same set of cells -------------------

namespace {

std::string trim(const std::string& s)
{
    const size_t a = s.find_first_not_of(" \t`"), b = s.find_last_not_of(" \t`");
    return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

std::vector<std::string> tableCells(const std::string& line)
{
    std::vector<std::string> cells;
    std::string cell;
    // Split on '|' that is not escaped as "\|" (the doc escapes pipes inside cells).
    for (size_t i = 1; i < line.size(); i++)
    {
        if (line[i] == '|' && line[i - 1] != '\\')
        {
            cells.push_back(trim(cell));
            cell.clear();
        }
        else
            cell += line[i];
    }
    return cells;
}

} // namespace

TEST(Inpainting_BadInput, doc_table_matches_the_tests)
{
    std::ifstream doc(std::string(INPAINTING_SOURCE_DIR) + "/doc/bad_input.md");
    ASSERT_TRUE(doc.good()) << "doc/bad_input.md not found";
    std::vector<std::string> columns;
    std::set<std::string> documented, tested;
    std::string line;
    bool inMatrix = false;
    while (std::getline(doc, line))
    {
        if (line.rfind("| entry point |", 0) == 0)
        {
            columns = tableCells(line);
            inMatrix = true;
            continue;
        }
        if (!inMatrix)
            continue;
        if (line.rfind("|", 0) != 0)
        {
            inMatrix = false;
            continue;
        }
        if (line.rfind("| ---", 0) == 0)
            continue;
        const std::vector<std::string> cells = tableCells(line);
        ASSERT_EQ(cells.size(), columns.size()) << line;
        for (size_t c = 1; c < cells.size(); c++)
            if (cells[c] != "-" && cells[c] != "—")
                documented.insert(cells[0] + " / " + columns[c]);
    }
    ASSERT_FALSE(columns.empty()) << "no table starting with '| entry point |' in doc/bad_input.md";
    for (const BadInputRow& row : badInputRows())
        for (const BadInputCell& cell : row.cells)
        {
            EXPECT_TRUE(std::find(columns.begin(), columns.end(), cell.column) != columns.end())
                << "test column '" << cell.column << "' is not a column of the table";
            tested.insert(row.name + " / " + cell.column);
        }
    for (const std::string& cell : documented)
        EXPECT_TRUE(tested.count(cell)) << "documented cell without a test: " << cell;
    for (const std::string& cell : tested)
        EXPECT_TRUE(documented.count(cell)) << "tested cell missing from doc/bad_input.md: " << cell;
}

} // namespace opencv_test_inpainting
