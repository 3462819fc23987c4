// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// PconvPatchInpainter: the network's fill guides the patch synthesis. What the guidance and the
// sharp vote do, the module's contract (known pixels, hole content, threads, types) and bad input.

#include "test_precomp.hpp"
#include "patch_test_helpers.hpp"

#include <set>

namespace opencv_test_inpainting {

using namespace cv;
using namespace patch_test_helpers;

namespace {

#define SKIP_WITHOUT_DEFAULT_MODEL()                                                                             \
    if (!inpainting::isMethodAvailable(inpainting::methodFromName("pconv_patch")))                             \
        GTEST_SKIP() << "this build embeds no default model"

// L2 distance per hole value between two images, intensities in [0, 1].
double rmsInHole(const Mat& a, const Mat& b, const Mat& hole)
{
    return std::pow(10.0, -psnrInHole(a, b, hole) / 20.0);
}

// Mean Sobel gradient magnitude (channels summed) over the hole: the texture a fill carries.
double meanGradient(const Mat& image, const Mat& hole)
{
    Mat f;
    image.convertTo(f, CV_32F, 1.0 / rangeOf(image.depth()));
    std::vector<Mat> planes;
    split(f, planes);
    Mat sum = Mat::zeros(image.size(), CV_32F);
    for (const Mat& p : planes)
    {
        Mat gx, gy, magnitude;
        Sobel(p, gx, CV_32F, 1, 0);
        Sobel(p, gy, CV_32F, 0, 1);
        cv::magnitude(gx, gy, magnitude);
        sum += magnitude;
    }
    return mean(sum, hole)[0];
}

// Settings under which the synthesis rebuilds a periodic texture across a hole several patches
// wide: a second pyramid level places the period (the default single level matches the deep hole
// against the network's smooth prediction, which fixes no phase), a 9x9 patch spans more of it,
// the sharp vote keeps its contrast, and no structure/texture split (the fill is the synthesis alone).
Ptr<inpainting::PconvPatchInpainter> textureRebuilding()
{
    Ptr<inpainting::PconvPatchInpainter> pp = inpainting::PconvPatchInpainter::create();
    pp->setSharpVote(true);
    pp->setGuidanceWeight(1);
    pp->setLevels(2);
    pp->setPatchSize(9);
    pp->setStructureSigma(0);
    return pp;
}

// Left half flat grey 128, right half Gaussian noise of that mean (sigma 40).
Mat flatBesideNoise(Size size)
{
    Mat noise(size, CV_8UC3), truth(size, CV_8UC3, Scalar::all(128));
    RNG rng(11);
    rng.fill(noise, RNG::NORMAL, Scalar::all(128), Scalar::all(40));
    const Rect right(size.width / 2, 0, size.width - size.width / 2, size.height);
    noise(right).copyTo(truth(right));
    return truth;
}

// The alternative of self-validation as PconvPatchInpainter::setSelfValidation documents it: plain
// synthesis started from the network's fill.
Ptr<inpainting::PconvPatchInpainter> plainSynthesis()
{
    Ptr<inpainting::PconvPatchInpainter> pp = inpainting::PconvPatchInpainter::create();
    pp->setGuidanceWeight(0);
    pp->setLevels(8);
    pp->setIterations(4);
    pp->setPatchSize(13);
    pp->setStructureSigma(0);
    return pp;
}

// Fills `photo` with its `mask` holding white on one thread and black on four: both fills must be
// the same bytes and keep the known pixels. Returns the fill.
Mat expectHoleAndThreadIndependence(const Ptr<inpainting::PconvPatchInpainter>& pp, const Mat& photo, const Mat& mask)
{
    ThreadCountGuard guard;
    Mat white = photo.clone(), black = photo.clone();
    white.setTo(Scalar::all(255), mask);
    black.setTo(Scalar::all(0), mask);
    Mat a, b;
    setNumThreads(1);
    pp->apply(white, mask, a);
    setNumThreads(4);
    pp->apply(black, mask, b);
    setNumThreads(guard.saved);
    EXPECT_TRUE(knownPixelsEqual(a, photo, mask));
    EXPECT_TRUE(sameBytes(a, b));
    return a;
}

Mat smallPhoto(const std::string& name, Size size)
{
    const Mat photo = loadSamplePhoto(name);
    Mat small;
    if (!photo.empty())
        resize(photo, small, size, 0, 0, INTER_AREA);
    return small;
}

} // namespace

TEST(Inpainting_PconvPatch, periodic_texture_is_copied_where_the_network_blurs)
{
    SKIP_WITHOUT_DEFAULT_MODEL();
    const Mat truth = toType(periodicTexture(Size(128, 112), 3, 11), CV_8U);
    const Mat hole = squareHole(truth.size(), Rect(46, 40, 30, 28));
    Mat input = truth.clone();
    input.setTo(Scalar::all(255), hole);

    Mat net, guided;
    inpainting::PartialConvInpainter::create()->apply(input, hole, net);
    textureRebuilding()->apply(input, hole, guided);
    // The texture repeats exactly: patches copied from the known region can rebuild it, which a
    // network's smooth prediction does not; the copied fill carries the truth's contrast.
    EXPECT_GT(psnrInHole(guided, truth, hole), psnrInHole(net, truth, hole) + 3.0);
    EXPECT_GT(meanGradient(guided, hole), 0.8 * meanGradient(truth, hole));
    EXPECT_LT(meanGradient(net, hole), 0.6 * meanGradient(truth, hole));
}

TEST(Inpainting_PconvPatch, guidance_weight_pulls_the_fill_towards_the_prediction)
{
    SKIP_WITHOUT_DEFAULT_MODEL();
    const Mat truth = toType(periodicTexture(Size(128, 112), 3, 4), CV_8U);
    const Mat hole = squareHole(truth.size(), Rect(40, 36, 40, 36));
    Mat input = truth.clone();
    input.setTo(Scalar::all(0), hole);
    Mat net, free, held;
    inpainting::PartialConvInpainter::create()->apply(input, hole, net);
    Ptr<inpainting::PconvPatchInpainter> pp = textureRebuilding();
    pp->setSharpVote(false);
    // Weight 0: the prediction only starts the synthesis, which then follows the known texture
    // (plain Wexler/PatchMatch: the periodic texture comes back nearly exact).
    pp->setGuidanceWeight(0);
    pp->apply(input, hole, free);
    EXPECT_GT(psnrInHole(free, truth, hole), 30.0);
    // A heavy weight keeps each synthesised patch near the (smooth) prediction.
    pp->setGuidanceWeight(100);
    pp->apply(input, hole, held);
    EXPECT_LT(rmsInHole(held, net, hole), 0.7 * rmsInHole(free, net, hole));
}

TEST(Inpainting_PconvPatch, sharp_vote_copies_known_colours)
{
    SKIP_WITHOUT_DEFAULT_MODEL();
    const Mat image = smallPhoto("baboon.jpg", Size(120, 100));
    ASSERT_FALSE(image.empty());
    Mat mask = Mat::zeros(image.size(), CV_8UC1);
    circle(mask, Point(60, 50), 16, Scalar(255), FILLED);
    std::set<uint32_t> known;
    for (int y = 0; y < image.rows; y++)
        for (int x = 0; x < image.cols; x++)
            if (!mask.at<uchar>(y, x))
            {
                const Vec3b p = image.at<Vec3b>(y, x);
                known.insert((uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2]);
            }
    Ptr<inpainting::PconvPatchInpainter> pp = inpainting::PconvPatchInpainter::create();
    pp->setStructureSigma(0);
    for (bool sharp : { true, false })
    {
        pp->setSharpVote(sharp);
        Mat result;
        pp->apply(image, mask, result);
        int copied = 0;
        for (int y = 0; y < image.rows; y++)
            for (int x = 0; x < image.cols; x++)
                if (mask.at<uchar>(y, x))
                {
                    const Vec3b p = result.at<Vec3b>(y, x);
                    copied += (int)known.count((uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2]);
                }
        // The best vote puts a real known pixel on every hole pixel; the weighted mean makes new colours.
        if (sharp)
            EXPECT_EQ(copied, countNonZero(mask));
        else
            EXPECT_LT(copied, countNonZero(mask) / 2);
    }
}

TEST(Inpainting_PconvPatch, structure_sigma_adds_the_synthesis_detail_to_the_blurred_prediction)
{
    SKIP_WITHOUT_DEFAULT_MODEL();
    // Float input: no rounding between the parts, so the split can be recomputed here from the
    // network's fill and the plain synthesis. The image is small enough for one crop to cover it.
    Mat image;
    smallPhoto("baboon.jpg", Size(96, 80)).convertTo(image, CV_32F, 1.0 / 255);
    ASSERT_FALSE(image.empty());
    Mat mask = Mat::zeros(image.size(), CV_8UC1);
    circle(mask, Point(48, 40), 14, Scalar(255), FILLED);
    Ptr<inpainting::PconvPatchInpainter> pp = inpainting::PconvPatchInpainter::create();
    Mat net, plain, split;
    pp->getPartialConvInpainter()->apply(image, mask, net);
    pp->setStructureSigma(0);
    pp->apply(image, mask, plain);
    const double sigma = 2.5;
    pp->setStructureSigma(sigma);
    pp->apply(image, mask, split);
    Mat netLow, plainLow;
    GaussianBlur(net, netLow, Size(), sigma);
    GaussianBlur(plain, plainLow, Size(), sigma);
    const Mat expected = netLow + plain - plainLow;
    EXPECT_LT(norm(split, expected, NORM_INF, mask), 1e-5);
    EXPECT_TRUE(knownPixelsEqual(split, image, mask));
    EXPECT_GT(norm(split, plain, NORM_INF, mask), 0.01); // the split changed the fill
}

TEST(Inpainting_PconvPatch, guide_sigma_keeps_the_texture_the_raw_guidance_flattens)
{
    SKIP_WITHOUT_DEFAULT_MODEL();
    // Left: flat grey; right: fine noise of the same mean grey. The hole lies in the noise, so the
    // network predicts about that grey, smooth. Compared with the raw sources, the flat patches
    // match the smooth prediction best; compared with their low-pass version, flat and noisy
    // sources of that grey cost the same and the noise around the hole decides.
    const Size size(160, 96);
    const Mat truth = flatBesideNoise(size);
    const Mat hole = squareHole(size, Rect(104, 32, 32, 32));
    Mat input = truth.clone();
    input.setTo(Scalar::all(255), hole);

    Ptr<inpainting::PconvPatchInpainter> pp = inpainting::PconvPatchInpainter::create();
    pp->setGuidanceWeight(1);
    pp->setSharpVote(true);
    pp->setStructureSigma(0);
    Mat raw, lowPass;
    pp->setGuideSigma(0);
    pp->apply(input, hole, raw);
    pp->setGuideSigma(3);
    pp->apply(input, hole, lowPass);
    const double truthGradient = meanGradient(truth, hole);
    // Measured: 0.07 and 0.56 of the truth's gradient.
    EXPECT_LT(meanGradient(raw, hole), 0.2 * truthGradient);
    EXPECT_GT(meanGradient(lowPass, hole), 0.45 * truthGradient);
    EXPECT_TRUE(knownPixelsEqual(lowPass, truth, hole));
    // The local colour still follows the prediction: the fill's mean is the noise's grey.
    EXPECT_NEAR(mean(lowPass, hole)[1], 128.0, 10.0);
}

TEST(Inpainting_PconvPatch, detail_weight_keeps_a_smooth_neighbourhood_smooth)
{
    SKIP_WITHOUT_DEFAULT_MODEL();
    // The mirror of the test above: the hole lies in the flat grey half, next to noise of the same
    // mean grey. Compared at low pass only, noisy sources cost what flat ones cost, and the noise
    // spills into the hole; the detail term asks for the flat neighbourhood's detail (none).
    const Size size(160, 96);
    const Mat truth = flatBesideNoise(size);
    const Mat hole = squareHole(size, Rect(30, 20, 48, 56));
    Mat input = truth.clone();
    input.setTo(Scalar::all(255), hole);

    Ptr<inpainting::PconvPatchInpainter> pp = inpainting::PconvPatchInpainter::create();
    pp->setSharpVote(true);
    pp->setGuideSigma(3);
    pp->setStructureSigma(0);
    Mat without, with;
    pp->setDetailWeight(0);
    pp->apply(input, hole, without);
    pp->setDetailWeight(1);
    pp->apply(input, hole, with);
    const double noiseGradient = meanGradient(truth(Rect(80, 0, 80, 96)), Mat(96, 80, CV_8UC1, Scalar(255)));
    const double gradientWithout = meanGradient(without, hole), gradientWith = meanGradient(with, hole);
    // Measured: 0.22 of the noise's gradient without the term, 0.11 of that with it.
    EXPECT_GT(gradientWithout, 0.1 * noiseGradient);
    EXPECT_LT(gradientWith, 0.3 * gradientWithout);
    EXPECT_TRUE(knownPixelsEqual(with, truth, hole));
}

TEST(Inpainting_PconvPatch, self_validation_chooses_the_way_that_refills_known_pixels)
{
    SKIP_WITHOUT_DEFAULT_MODEL();
    Ptr<inpainting::PconvPatchInpainter> validating = inpainting::PconvPatchInpainter::create();
    EXPECT_FALSE(validating->getSelfValidation());
    validating->setSelfValidation(true);
    EXPECT_TRUE(validating->getSelfValidation());
    Ptr<inpainting::PconvPatchInpainter> guided = inpainting::PconvPatchInpainter::create(), plain = plainSynthesis();

    // A strictly periodic texture: plain copying refills a shifted hole almost exactly, the network
    // blurs it, so the plain way is chosen.
    const Mat periodic = toType(periodicTexture(Size(160, 128), 3, 11), CV_8U);
    const Mat hole = squareHole(periodic.size(), Rect(40, 30, 24, 20));
    Mat chosen, plainFill, guidedFill;
    validating->apply(periodic, hole, chosen);
    plain->apply(periodic, hole, plainFill);
    guided->apply(periodic, hole, guidedFill);
    EXPECT_TRUE(sameBytes(chosen, plainFill));
    EXPECT_FALSE(sameBytes(plainFill, guidedFill));
    EXPECT_GT(psnrInHole(plainFill, periodic, hole), psnrInHole(guidedFill, periodic, hole)); // the right choice

    // A photo without repeats: the choice is one of the two fills, whichever it is, and the
    // options of this instance stay as they were.
    const Mat photo = smallPhoto("fruits.jpg", Size(200, 160));
    ASSERT_FALSE(photo.empty());
    Mat mask;
    inpainting::MaskGenerator::create(inpainting::MASK_MIXED, 0.05, 0.1, 3)->generate(photo.size(), mask);
    validating->apply(photo, mask, chosen);
    plain->apply(photo, mask, plainFill);
    guided->apply(photo, mask, guidedFill);
    EXPECT_TRUE(sameBytes(chosen, plainFill) || sameBytes(chosen, guidedFill));
    EXPECT_EQ(validating->getGuidanceWeight(), guided->getGuidanceWeight());
    EXPECT_EQ(validating->getPatchSize(), guided->getPatchSize());
}

TEST(Inpainting_PconvPatch, self_validation_keeps_the_contract)
{
    SKIP_WITHOUT_DEFAULT_MODEL();
    // The validation fills read known pixels only (the shifted hole's true values are known
    // pixels of the input): the fill must still ignore what the hole held and the thread count.
    const Mat small = smallPhoto("baboon.jpg", Size(160, 160));
    ASSERT_FALSE(small.empty());
    Mat mask;
    inpainting::MaskGenerator::create(inpainting::MASK_MIXED, 0.05, 0.15, 5)->generate(small.size(), mask);
    Ptr<inpainting::PconvPatchInpainter> pp = inpainting::PconvPatchInpainter::create();
    pp->setSelfValidation(true);
    const Mat a = expectHoleAndThreadIndependence(pp, small, mask);
    Mat inPlace = small.clone();
    inPlace.setTo(Scalar::all(255), mask);
    pp->apply(inPlace, mask, inPlace);
    EXPECT_TRUE(sameBytes(a, inPlace));
    expectEveryTypeAndChannelCount([&](const Mat& input, const Mat& hole, Mat& result) { pp->apply(input, hole, result); },
                                   30.0);
}

TEST(Inpainting_PconvPatch, texture_setting_keeps_the_contract)
{
    SKIP_WITHOUT_DEFAULT_MODEL();
    // The low-pass guidance blurs the known pixels without the hole: its fill must not depend on
    // what the hole held, nor on the thread count; every type and channel count still works.
    const Mat small = smallPhoto("fruits.jpg", Size(200, 160));
    ASSERT_FALSE(small.empty());
    Mat mask;
    inpainting::MaskGenerator::create(inpainting::MASK_MIXED, 0.2, 0.3, 3)->generate(small.size(), mask);
    Ptr<inpainting::PconvPatchInpainter> pp = inpainting::PconvPatchInpainter::create();
    pp->setSharpVote(true);
    pp->setGuideSigma(3);
    const Mat a = expectHoleAndThreadIndependence(pp, small, mask);
    Mat plain;
    pp->setGuideSigma(0);
    pp->apply(small, mask, plain);
    EXPECT_FALSE(sameBytes(a, plain)); // the option changes the fill

    Ptr<inpainting::PconvPatchInpainter> texture = textureRebuilding();
    texture->setGuideSigma(3);
    expectEveryTypeAndChannelCount([&](const Mat& input, const Mat& hole, Mat& result) { texture->apply(input, hole, result); },
                                   30.0);
}

TEST(Inpainting_PconvPatch, known_pixels_untouched_and_fill_independent_of_hole_content)
{
    SKIP_WITHOUT_DEFAULT_MODEL();
    const Mat small = smallPhoto("baboon.jpg", Size(128, 128));
    ASSERT_FALSE(small.empty());
    Mat mask = Mat::zeros(small.size(), CV_8UC1);
    mask(Rect(0, 50, 30, 20)).setTo(255); // touches the left border
    circle(mask, Point(80, 40), 12, Scalar(255), FILLED);
    Mat white = small.clone(), black = small.clone();
    white.setTo(Scalar::all(255), mask);
    black.setTo(Scalar::all(0), mask);

    Mat a, b, c, inPlace = white.clone();
    Ptr<inpainting::PconvPatchInpainter> pp = inpainting::PconvPatchInpainter::create();
    pp->apply(white, mask, a);
    pp->apply(black, mask, b);
    pp->apply(inPlace, mask, inPlace);
    inpainting::inpaint(white, mask, c, inpainting::methodFromName("pconv_patch"));
    EXPECT_TRUE(knownPixelsEqual(a, small, mask));
    EXPECT_TRUE(sameBytes(a, b));
    EXPECT_TRUE(sameBytes(a, c));
    EXPECT_TRUE(sameBytes(a, inPlace));
    Mat gray;
    cvtColor(a, gray, COLOR_BGR2GRAY);
    EXPECT_LT(countNonZero((gray == 255) & mask), countNonZero(mask) / 20); // nothing of the white hole survives
}

TEST(Inpainting_PconvPatch, same_seed_gives_same_bytes_on_any_thread_count)
{
    SKIP_WITHOUT_DEFAULT_MODEL();
    ThreadCountGuard guard;
    const Mat small = smallPhoto("fruits.jpg", Size(200, 160));
    ASSERT_FALSE(small.empty());
    Mat mask;
    inpainting::MaskGenerator::create(inpainting::MASK_MIXED, 0.2, 0.3, 7)->generate(small.size(), mask);
    Ptr<inpainting::PconvPatchInpainter> pp = inpainting::PconvPatchInpainter::create();
    pp->setSeed(5);
    Mat a, b, c, other;
    setNumThreads(1);
    pp->apply(small, mask, a);
    setNumThreads(2);
    pp->apply(small, mask, b);
    setNumThreads(4);
    pp->apply(small, mask, c);
    setNumThreads(guard.saved);
    EXPECT_TRUE(sameBytes(a, b));
    EXPECT_TRUE(sameBytes(a, c));
    pp->setSeed(6); // the seed is used: other random candidates end elsewhere
    pp->apply(small, mask, other);
    EXPECT_FALSE(sameBytes(a, other));
}

TEST(Inpainting_PconvPatch, every_type_and_channel_count)
{
    SKIP_WITHOUT_DEFAULT_MODEL();
    Ptr<inpainting::PconvPatchInpainter> pp = textureRebuilding();
    expectEveryTypeAndChannelCount([&](const Mat& input, const Mat& hole, Mat& result) { pp->apply(input, hole, result); },
                                   30.0);
}

TEST(Inpainting_PconvPatch, crops_touch_only_regions_around_holes_and_degenerate_masks)
{
    SKIP_WITHOUT_DEFAULT_MODEL();
    Ptr<inpainting::PconvPatchInpainter> pp = inpainting::PconvPatchInpainter::create();
    // A small hole in a large image: the fill equals the fill of the crop around it alone.
    const Mat photo = loadSamplePhoto("fruits.jpg");
    ASSERT_FALSE(photo.empty());
    Mat mask = Mat::zeros(photo.size(), CV_8UC1);
    circle(mask, Point(300, 200), 10, Scalar(255), FILLED);
    Mat whole, cropped;
    pp->apply(photo, mask, whole);
    const Rect crop(200, 100, 200, 200); // holds the hole and its 64-pixel context margin
    pp->apply(photo(crop), mask(crop), cropped);
    EXPECT_TRUE(sameBytes(whole(crop), cropped));

    const Mat image = toType(periodicTexture(Size(40, 30), 3, 2), CV_16U);
    Mat result;
    pp->apply(image, Mat::zeros(image.size(), CV_8UC1), result);
    EXPECT_TRUE(sameBytes(result, image)); // no hole: a copy
    pp->apply(image, Mat(image.size(), CV_8UC1, Scalar(255)), result);
    double lo, hi;
    minMaxLoc(result.reshape(1), &lo, &hi);
    EXPECT_EQ(lo, 32768.0); // all hole: the mid-grey of the type
    EXPECT_EQ(hi, 32768.0);
    for (const Size& size : { Size(1, 1), Size(5, 1), Size(2, 3) }) // no 3x3 known patch: the network's fill
    {
        const Mat tiny = toType(periodicTexture(size, 3, 2), CV_8U);
        Mat m = Mat::zeros(size, CV_8UC1), out, net;
        m.at<uchar>(0, 0) = 255;
        ASSERT_NO_THROW(pp->apply(tiny, m, out)) << size;
        pp->getPartialConvInpainter()->apply(tiny, m, net);
        EXPECT_TRUE(sameBytes(out, net)) << size;
    }
}

TEST(Inpainting_PconvPatch, bad_input_and_options_raise)
{
    SKIP_WITHOUT_DEFAULT_MODEL();
    Ptr<inpainting::PconvPatchInpainter> pp = inpainting::PconvPatchInpainter::create();
    expectApplyRejectsBadInput([&](const Mat& image, const Mat& mask, Mat& out) { pp->apply(image, mask, out); });

    const double weight = pp->getGuidanceWeight();
    for (double bad : { -0.1, 100.5, std::numeric_limits<double>::quiet_NaN() })
        EXPECT_NE(errorOf([&] { pp->setGuidanceWeight(bad); }).find("guidance weight"), std::string::npos) << bad;
    EXPECT_EQ(pp->getGuidanceWeight(), weight); // a rejected value leaves the setting as it was
    for (int bad : { 0, 9, -1 })
        EXPECT_NE(errorOf([&] { pp->setLevels(bad); }).find("'levels'"), std::string::npos) << bad;
    for (int bad : { 1, 2, 4, 33 })
        EXPECT_NE(errorOf([&] { pp->setPatchSize(bad); }).find("'patchSize'"), std::string::npos) << bad;
    for (int bad : { 0, 101 })
        EXPECT_NE(errorOf([&] { pp->setIterations(bad); }).find("'iterations'"), std::string::npos) << bad;
    EXPECT_NE(errorOf([&] { pp->setContext(-1); }).find("context"), std::string::npos);
    EXPECT_NE(errorOf([&] { pp->setStructureSigma(-1); }).find("structure sigma"), std::string::npos);
    for (double bad : { -0.5, 100.5, std::numeric_limits<double>::quiet_NaN() })
        EXPECT_NE(errorOf([&] { pp->setGuideSigma(bad); }).find("guide sigma"), std::string::npos) << bad;
    const double detailWeight = pp->getDetailWeight();
    for (double bad : { -0.5, 100.5, std::numeric_limits<double>::quiet_NaN() })
        EXPECT_NE(errorOf([&] { pp->setDetailWeight(bad); }).find("detail weight"), std::string::npos) << bad;
    EXPECT_EQ(pp->getDetailWeight(), detailWeight);
    EXPECT_NE(errorOf([&] { inpainting::PconvPatchInpainter::create("/nonexistent/model.onnx"); }).find("model.onnx"),
              std::string::npos);

    pp->setGuidanceWeight(0.5);
    pp->setLevels(3);
    pp->setPatchSize(7);
    pp->setIterations(5);
    pp->setSharpVote(false);
    pp->setContext(10);
    pp->setStructureSigma(2.5);
    pp->setGuideSigma(1.5);
    pp->setDetailWeight(4);
    pp->setSeed(-3);
    EXPECT_EQ(pp->getGuidanceWeight(), 0.5);
    EXPECT_EQ(pp->getLevels(), 3);
    EXPECT_EQ(pp->getPatchSize(), 7);
    EXPECT_EQ(pp->getIterations(), 5);
    EXPECT_FALSE(pp->getSharpVote());
    EXPECT_EQ(pp->getContext(), 10);
    EXPECT_EQ(pp->getStructureSigma(), 2.5);
    EXPECT_EQ(pp->getGuideSigma(), 1.5);
    EXPECT_EQ(pp->getDetailWeight(), 4);
    EXPECT_EQ(pp->getSeed(), -3);
    EXPECT_FALSE(pp->getPartialConvInpainter().empty());
}

} // namespace opencv_test_inpainting
