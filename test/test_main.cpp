// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "test_precomp.hpp"

#if defined(CV_TEST_MAIN)
CV_TEST_MAIN("inpainting")
#else
int main(int argc, char** argv)
{
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
#endif
