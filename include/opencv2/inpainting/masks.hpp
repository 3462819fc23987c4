// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#ifndef OPENCV_INPAINTING_MASKS_HPP
#define OPENCV_INPAINTING_MASKS_HPP

#include "opencv2/core.hpp"

namespace cv {
namespace inpainting {

//! @addtogroup inpainting_masks
//! @{

//! Shapes the mask generator draws.
enum MaskKinds
{
    MASK_RECT = 0,           //!< one to a few axis-aligned rectangles (object removal, box holes)
    MASK_STROKES_THIN = 1,   //!< free-form brush strokes, 3-15 px at 256x256 (scratches, wires)
    MASK_STROKES_MEDIUM = 2, //!< free-form brush strokes, 10-35 px at 256x256
    MASK_STROKES_THICK = 3,  //!< free-form brush strokes, 25-60 px at 256x256 (large irregular holes)
    MASK_STROKES = 4,        //!< strokes of the three presets, chosen at random per mask
    MASK_MIXED = 5,          //!< strokes and rectangles together
    MASK_POLYGONS = 6,       //!< filled random polygons, 3-12 vertices, simple (never self-intersecting), mostly concave
    MASK_BORDER = 7,         //!< bands along the image sides (extending an image, filling a frame); see below
    MASK_SCRATCHES = 8       //!< thin straight and curved lines, 1-3 px wide whatever the image size (scratches on old photos and scans)
};

/** @brief Seeded generator of hole masks with a target hole-ratio range.

Brush widths are given at 256x256 and scale with the mask's shorter side, so one generator
serves any resolution; scratches (#MASK_SCRATCHES) are the exception: a scratch on a scan is 1-3
pixels wide at any resolution, only its length follows the image. The generator keeps drawing until the hole ratio reaches the sampled
target in [minHoleRatio, maxHoleRatio] and then erases the overshoot where it can, so the ratio
of every mask lies in the range (up to one pixel's worth at very small sizes).

#MASK_POLYGONS draws star-shaped polygons: vertices at sorted random angles around a centre, each
at its own random radius, so the outline never crosses itself while most polygons have reflex
(concave) corners. #MASK_BORDER draws bands of random width along randomly chosen sides (1 to
4 of them per band), the masks of extending an image by a frame (inpainting::extendImage()).

The same seed, sizes and call sequence give the same masks on every platform.
*/
class CV_EXPORTS_W MaskGenerator : public Algorithm
{
public:
    /** @brief Creates a generator.
    @param kind One of #MaskKinds.
    @param minHoleRatio, maxHoleRatio Range of the fraction of hole pixels, 0 < min <= max < 1.
    @param seed Seed of the generator's own random state.
     */
    CV_WRAP static Ptr<MaskGenerator> create(int kind = MASK_MIXED, double minHoleRatio = 0.1,
                                             double maxHoleRatio = 0.6, int seed = 0);

    /** @brief Draws the next mask: `CV_8UC1` of @p size, 255 = hole, 0 = known. */
    CV_WRAP virtual void generate(Size size, OutputArray mask) = 0;

    //! Restarts the random sequence from @p seed.
    CV_WRAP virtual void setSeed(int seed) = 0;
    //! The #MaskKinds value the generator was created with.
    CV_WRAP virtual int getKind() const = 0;
    //! Lower end of the hole-ratio range.
    CV_WRAP virtual double getMinHoleRatio() const = 0;
    //! Upper end of the hole-ratio range.
    CV_WRAP virtual double getMaxHoleRatio() const = 0;
};

/** @brief Fraction of hole (non-zero) pixels of a `CV_8UC1` mask. */
CV_EXPORTS_W double holeRatio(InputArray mask);

/** @brief The hole-ratio buckets of the NVIDIA evaluation @cite Liu2018 are (0.01,0.1], (0.1,0.2],
..., (0.5,0.6]; (0.6,1] is added for anything larger. */
enum { HOLE_BUCKETS = 7 };

/** @brief Bucket index of a hole ratio: 0 for (0.01,0.1], 1 for (0.1,0.2], ..., 5 for (0.5,0.6],
6 for (0.6,1]; -1 for ratios <= 0.01 (too small to be measured in the protocol). */
CV_EXPORTS_W int holeRatioBucket(double ratio);

/** @brief Name of a bucket as used in reports: `0.01-0.1`, `0.1-0.2`, ..., `0.5-0.6`, `0.6-1`. */
CV_EXPORTS_W String holeRatioBucketName(int bucket);

//! @}

}} // namespace cv::inpainting

#endif
