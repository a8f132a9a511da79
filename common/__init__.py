"""Code that every app shares and that depends on none of them (admin mixins, validators).

`articles` and `influencers` may import from here; nothing here imports from them or
from `agency`, so the arrows between the apps keep pointing one way.
"""
