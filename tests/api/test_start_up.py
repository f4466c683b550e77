"""What the server's start-up leaves for the rest of the process's life."""
import gc


async def test_start_up_freezes_what_it_built_out_of_the_garbage_collector(app):
    # Full collections would otherwise walk every module, type and mapper on some request.
    gc.unfreeze()
    try:
        async with app.router.lifespan_context(app):
            assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()  # the test process goes on collecting as usual
