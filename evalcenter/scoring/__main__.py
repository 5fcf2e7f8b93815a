"""``python -m evalcenter.scoring score ...`` / ``rules ...`` without the web application."""

from .cli import main

if __name__ == "__main__":
    main()
