"""The Redis layout of the demo catalogue, shared by the loader, the recall and filter
operators' defaults, and the tests. Strings are key templates (see operators/templates.py).

    item:{item_id}          HASH  item_id, title, category, author, popularity (int),
                                  created_at (epoch seconds), quality (0..1), price
    hot:all                 ZSET  item_id -> popularity
    hot:cat:{category}      ZSET  item_id -> popularity, one per category
    fresh:all               ZSET  item_id -> created_at
    i2i:{item_id}           ZSET  neighbour item_id -> similarity (0..1)
    user:{user_id}          HASH  user_id, days_since_signup, favourite_category, segment
    user:{user_id}:history  ZSET  item_id -> time of the last interaction (epoch seconds)
    user:{user_id}:seen     SET   item ids already shown or played
    pool:{pool}             SET   content pool membership, e.g. pool:approved
    blocklist:items         SET   item ids never to show
"""

ITEM = "item:{item_id}"
HOT_ALL = "hot:all"
HOT_CATEGORY = "hot:cat:{category}"
FRESH_ALL = "fresh:all"
I2I = "i2i:{item_id}"
USER = "user:{user_id}"
USER_HISTORY = "user:{user_id}:history"
USER_SEEN = "user:{user_id}:seen"
POOL = "pool:{pool}"
BLOCKLIST = "blocklist:items"
